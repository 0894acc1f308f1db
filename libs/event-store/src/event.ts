/** Who did it: every event names its actor (DESIGN.md, Domain). */
export interface Actor {
  type: 'agent' | 'member' | 'system';
  id: string;
  name: string;
}

/** Context stamped on every append: who, on whose behalf, from where and why. */
export interface EventMetadata {
  org_id: string | null;
  actor: Actor;
  correlation_id: string;
  causation_id: string | null;
  ip: string | null;
  user_agent: string | null;
  /** The channel the command came through: `http`, `mcp`, `cli`, `system` or `slack`. */
  channel?: string;
  [extra: string]: unknown;
}

export interface NewEvent<T = Record<string, unknown>> {
  type: string;
  data: T;
  /** The schema version of `data`; old versions are upcast on read, never rewritten. */
  eventVersion?: number;
  /** Stable id for idempotent retries; generated when absent. */
  eventId?: string;
}

export interface StoredEvent<T = Record<string, unknown>> {
  position: bigint;
  transactionId: bigint;
  eventId: string;
  streamId: string;
  streamVersion: number;
  orgId: string | null;
  type: string;
  eventVersion: number;
  data: T;
  metadata: EventMetadata;
  occurredAt: Date;
}

/** `any` skips the check; `0` means the stream must not exist yet. */
export type ExpectedVersion = number | 'any';
