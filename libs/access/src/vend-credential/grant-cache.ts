/**
 * Which grant an agent last fetched a tool under, per instance: it saves the lookup before the
 * recorder, never allows anything. The recorder checks that grant in its transaction; when it
 * refuses for a reason that a newer grant could change, the handler drops the entry and looks
 * again (docs/adr/0022).
 */
export class GrantCache {
  private readonly grants = new Map<string, string>();

  constructor(private readonly capacity = 50_000) {}

  get(agentId: string, toolId: string): string | undefined {
    return this.grants.get(`${agentId}\u0000${toolId}`);
  }

  set(agentId: string, toolId: string, grantId: string): void {
    const key = `${agentId}\u0000${toolId}`;
    this.grants.delete(key);
    this.grants.set(key, grantId);
    // A Map iterates in insertion order: the first key is the one set longest ago.
    if (this.grants.size > this.capacity) this.grants.delete(this.grants.keys().next().value!);
  }

  drop(agentId: string, toolId: string): void {
    this.grants.delete(`${agentId}\u0000${toolId}`);
  }
}
