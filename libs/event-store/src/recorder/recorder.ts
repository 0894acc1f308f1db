import { randomUUID } from 'node:crypto';
import type { Database } from '../../../database/src/database';
import { canonical } from '../canonical';
import type { EventMetadata } from '../event';
import { filledByTheDatabase, type LogMac } from '../log-mac';
import { GroupCommit, type GroupCommitOptions } from './group-commit';

/** What a guarded record is checked against inside the recording transaction. */
export interface GrantGuard {
  grantId: string;
  agentId: string;
  keyId: string;
  toolId: string;
}

/** One event to record. With a guard it goes on the grant's stream (`access-<grant id>`). */
export interface RecordInput {
  type: string;
  data: Record<string, unknown>;
  metadata: EventMetadata;
  /** Required without a guard; with one it is the grant's stream. */
  streamId?: string;
  eventId?: string;
  eventVersion?: number;
  /**
   * Appended only if, at commit, the grant is approved and unexpired, the agent active, the
   * key active and the tool active, and a secret exists; the secret version read under those
   * locks is added to the event's data as `secret_version` and answered with the record.
   */
  guard?: GrantGuard;
}

/** The newest secret version of a guarded record's tool, as stored (still encrypted). */
export interface GuardedSecret {
  secret_version: number;
  scope: string;
  format: 'text' | 'json';
  org_id: string;
  ciphertext: Buffer;
  iv: Buffer;
  tag: Buffer;
  wrapped_key: Buffer;
  wrap_iv: Buffer;
  wrap_tag: Buffer;
  kek_version: number;
  tool_name: string;
  auth_type: string;
  instructions: string;
  /** The grant's expiry. */
  expires_at: Date | null;
}

export type RecordOutcome =
  | { recorded: true; eventId: string; position: bigint; secret: GuardedSecret | null }
  /** A guarded record the check refused: nothing was appended. */
  | { recorded: false; refused: RefusalReason };

export type RefusalReason =
  'no_grant' | 'pending' | 'denied' | 'revoked' | 'expired' | 'suspended' | 'tool_retired' | 'no_secret';

export type RecorderOptions = GroupCommitOptions;

/** A window of about a millisecond; batches bounded so one statement stays small. */
export const DEFAULT_RECORDER_OPTIONS: RecorderOptions = {
  windowMs: 1,
  maxBatch: 64,
  maxInFlight: 1,
  timeoutMs: 5000,
};

interface Prepared {
  eventId: string;
  streamId: string;
  guard: GrantGuard | null;
  type: string;
  eventVersion: number;
  data: string;
  metadata: string;
  mac: Buffer;
}

interface Row extends Omit<GuardedSecret, 'secret_version'> {
  ord: number;
  refused: RefusalReason | null;
  event_position: string | null;
  secret_version: number | null;
}

const RECORD_SQL = 'SELECT * FROM keyledger_record($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)';

/**
 * The one way high-volume records reach the log (DESIGN.md, "Recording at database speed";
 * docs/adr/0022): records that arrive together are checked and appended by one statement in
 * one transaction (`keyledger_record`, migration 1764400022000), and each caller's promise
 * settles only after that commit. A refused guarded record answers its reason and leaves the
 * rest of the batch alone; a batch that fails to commit rejects every caller in it with
 * EventStoreUnavailableError (503); no caller waits past `timeoutMs`; `close()` drains.
 *
 *   const outcome = await recorder.record({ type: 'CredentialVended', data, metadata, guard });
 */
export class Recorder {
  private readonly batches: GroupCommit<Prepared, RecordOutcome>;

  constructor(
    private readonly db: Database,
    private readonly mac: LogMac,
    options: Partial<RecorderOptions> = {},
  ) {
    this.batches = new GroupCommit((items) => this.flush(items), { ...DEFAULT_RECORDER_OPTIONS, ...options });
  }

  /** Resolves once the record is committed (or refused); rejects with EventStoreUnavailableError. */
  async record(input: RecordInput): Promise<RecordOutcome> {
    return this.batches.submit(this.prepare(input));
  }

  get pending(): { queued: number; inFlight: number } {
    return this.batches.pending;
  }

  /** Sends what is queued and waits for every batch up to `graceMs`; later callers are refused. */
  close(graceMs = 5000): Promise<void> {
    return this.batches.close(graceMs);
  }

  // The MAC covers what the service states (docs/adr/0014); a guarded record's secret version
  // is the database's to fill in, so its type must say so in log-mac.ts.
  private prepare(input: RecordInput): Prepared {
    const guard = input.guard ?? null;
    const streamId = guard ? `access-${guard.grantId}` : input.streamId;
    if (!streamId) throw new Error('a record without a guard names its stream');
    if (guard && !filledByTheDatabase(input.type).includes('secret_version')) {
      throw new Error(`${input.type} cannot be recorded under a grant: its MAC would cover secret_version`);
    }
    const eventId = (input.eventId ?? randomUUID()).toLowerCase();
    const eventVersion = input.eventVersion ?? 1;
    const metadata = canonical(input.metadata);
    const mac = this.mac.eventMac(
      {
        event_id: eventId,
        stream_id: streamId,
        org_id: input.metadata.org_id ?? null,
        type: input.type,
        event_version: eventVersion,
        data: input.data,
        metadata: input.metadata,
      },
      { metadata },
    );
    return {
      eventId,
      streamId,
      guard,
      type: input.type,
      eventVersion,
      data: JSON.stringify(input.data),
      metadata,
      mac,
    };
  }

  private async flush(items: Prepared[]): Promise<RecordOutcome[]> {
    const rows = await this.db.prepared<Row>('keyledger_record', RECORD_SQL, [
      items.map((i) => (i.guard ? 'grant' : 'plain')),
      items.map((i) => i.eventId),
      items.map((i) => i.streamId),
      items.map((i) => i.type),
      items.map((i) => i.eventVersion),
      items.map((i) => i.data),
      items.map((i) => i.metadata),
      items.map((i) => i.mac),
      items.map((i) => i.guard?.grantId ?? null),
      items.map((i) => i.guard?.agentId ?? null),
      items.map((i) => i.guard?.keyId ?? null),
      items.map((i) => i.guard?.toolId ?? null),
    ]);
    return rows.map((row, n): RecordOutcome => {
      if (row.refused) return { recorded: false, refused: row.refused };
      const { ord: _ord, refused: _refused, event_position, ...secret } = row;
      return {
        recorded: true,
        eventId: items[n].eventId,
        position: BigInt(event_position!),
        secret: items[n].guard ? (secret as GuardedSecret) : null,
      };
    });
  }
}
