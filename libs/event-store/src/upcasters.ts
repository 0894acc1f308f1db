/** Turns `data` written at `fromVersion` into the next version's shape. */
export type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

/**
 * Event schemas evolve by upcasting on read; stored events are never rewritten (the log is
 * the audit trail, and the hash chain would notice).
 */
export class UpcasterRegistry {
  private readonly chains = new Map<string, Map<number, Upcaster>>();
  private readonly current = new Map<string, number>();

  /** Registers the step from `fromVersion` to `fromVersion + 1` for `type`. */
  register(type: string, fromVersion: number, upcast: Upcaster): this {
    const chain = this.chains.get(type) ?? new Map<number, Upcaster>();
    chain.set(fromVersion, upcast);
    this.chains.set(type, chain);
    this.current.set(type, Math.max(this.current.get(type) ?? 1, fromVersion + 1));
    return this;
  }

  currentVersion(type: string): number {
    return this.current.get(type) ?? 1;
  }

  upcast(
    type: string,
    version: number,
    data: Record<string, unknown>,
  ): { version: number; data: Record<string, unknown> } {
    const chain = this.chains.get(type);
    let v = version;
    let d = data;
    while (chain?.has(v)) {
      d = chain.get(v)!(d);
      v += 1;
    }
    return { version: v, data: d };
  }
}
