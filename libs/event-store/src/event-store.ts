import { randomUUID } from 'node:crypto';
import type { Database, Sql } from '../../database/src/database';
import { canonical } from './canonical';
import { ConcurrencyError, EventStoreUnavailableError } from './errors';
import type { EventMetadata, ExpectedVersion, NewEvent, StoredEvent } from './event';
import type { LogMac } from './log-mac';
import { ProjectionRegistry } from './projection';
import { UpcasterRegistry } from './upcasters';

export interface AppendResult {
  streamId: string;
  /** The stream's version after the append. */
  version: number;
  events: StoredEvent[];
}

/** A position in the log that never skips a slow transaction: (transaction id, position). */
export interface LogCursor {
  transactionId: bigint;
  position: bigint;
}

export const LOG_START: LogCursor = { transactionId: 0n, position: 0n };

interface EventRow {
  position: string;
  transaction_id: string;
  event_id: string;
  stream_id: string;
  stream_version: number;
  org_id: string | null;
  type: string;
  event_version: number;
  data: Record<string, unknown>;
  metadata: EventMetadata;
  occurred_at: Date;
}

// Output aliases shadow column names in ORDER BY: always order by `events.<column>`.
const EVENT_COLUMNS = `position::text AS position, transaction_id::text AS transaction_id, event_id,
  stream_id, stream_version, org_id, type, event_version, data, metadata, occurred_at`;

// One round trip: bump (or create) the stream row, which serialises appends to that stream
// only, then insert the events at the versions that follow. If the expected version does not
// match, the upsert returns no row and nothing is inserted. Each row carries the MAC the
// service computed for what it states (docs/adr/0014): checkable from the moment it commits.
const APPEND_SQL = `
  WITH s AS (
    INSERT INTO streams AS st (stream_id, version, org_id) VALUES ($1, $3, $4)
    ON CONFLICT (stream_id) DO UPDATE SET version = st.version + $3, updated_at = now()
      WHERE $2::int IS NULL OR st.version = $2::int
    RETURNING version
  )
  INSERT INTO events (event_id, stream_id, stream_version, org_id, type, event_version, data, metadata, mac)
  SELECT e.event_id, $1, s.version - $3 + e.ord::int, $4, e.type, e.event_version, e.data, $9::jsonb, e.mac
  FROM s, unnest($5::uuid[], $6::text[], $7::int[], $8::jsonb[], $10::bytea[])
    WITH ORDINALITY AS e(event_id, type, event_version, data, mac, ord)
  RETURNING ${EVENT_COLUMNS}`;

export class EventStore {
  constructor(
    private readonly db: Database,
    private readonly mac: LogMac,
    readonly projections: ProjectionRegistry = new ProjectionRegistry(),
    readonly upcasters: UpcasterRegistry = new UpcasterRegistry(),
    private readonly onAppended: () => void = () => undefined,
  ) {}

  /**
   * Appends `events` to `streamId` if the stream is at `expectedVersion`, and runs every
   * inline projection in the same transaction. Throws ConcurrencyError on a version
   * conflict and EventStoreUnavailableError when the log cannot be written.
   */
  async append(
    streamId: string,
    expectedVersion: ExpectedVersion,
    events: NewEvent[],
    metadata: EventMetadata,
    within?: (tx: Sql, stored: StoredEvent[]) => Promise<void>,
  ): Promise<AppendResult> {
    try {
      const result = await this.db.transaction(async (tx) => {
        const appended = await this.appendIn(tx, streamId, expectedVersion, events, metadata);
        if (within) await within(tx, appended.events);
        return appended;
      });
      this.onAppended();
      return result;
    } catch (error) {
      throw EventStore.classify(error);
    }
  }

  /** Appends inside a transaction the caller owns (for writes that must commit together). */
  async appendIn(
    tx: Sql,
    streamId: string,
    expectedVersion: ExpectedVersion,
    events: NewEvent[],
    metadata: EventMetadata,
  ): Promise<AppendResult> {
    try {
      return await this.appendUnclassified(tx, streamId, expectedVersion, events, metadata);
    } catch (error) {
      throw EventStore.classify(error);
    }
  }

  private async appendUnclassified(
    tx: Sql,
    streamId: string,
    expectedVersion: ExpectedVersion,
    events: NewEvent[],
    metadata: EventMetadata,
  ): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    const expected = expectedVersion === 'any' ? null : expectedVersion;
    const orgId = metadata.org_id ?? null;
    // As PostgreSQL will print them back: a uuid in lower case.
    const ids = events.map((e) => (e.eventId ?? randomUUID()).toLowerCase());
    const versions = events.map((e) => e.eventVersion ?? this.upcasters.currentVersion(e.type));
    const stated = { metadata: canonical(metadata) };
    const macs = events.map((e, i) =>
      this.mac.eventMac(
        {
          event_id: ids[i],
          stream_id: streamId,
          org_id: orgId,
          type: e.type,
          event_version: versions[i],
          data: e.data,
          metadata,
        },
        stated,
      ),
    );
    const rows = await tx.query<EventRow>(APPEND_SQL, [
      streamId,
      expected,
      events.length,
      orgId,
      ids,
      events.map((e) => e.type),
      versions,
      events.map((e) => JSON.stringify(e.data)),
      JSON.stringify(metadata),
      macs,
    ]);
    const first = rows[0];
    if (!first || (expected !== null && first.stream_version !== expected + 1)) {
      const [current] = await tx.query<{ version: number }>(
        'SELECT version FROM streams WHERE stream_id = $1',
        [streamId],
      );
      // A stream that did not exist was just created by the upsert: the caller rolls back.
      const actual = first && expected !== null && expected > 0 ? null : (current?.version ?? null);
      throw new ConcurrencyError(streamId, expectedVersion, actual);
    }
    const stored = rows.map((r) => this.toStored(r, false));
    for (const projection of this.projections.inline()) {
      await ProjectionRegistry.feed(tx, projection, stored);
    }
    return { streamId, version: stored[stored.length - 1].streamVersion, events: stored };
  }

  async readStream(streamId: string, fromVersion = 1, sql: Sql = this.db): Promise<StoredEvent[]> {
    const rows = await sql.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = $1 AND stream_version >= $2
       ORDER BY events.stream_version`,
      [streamId, fromVersion],
    );
    return rows.map((r) => this.toStored(r));
  }

  /**
   * Reads committed events after `after`, in (transaction id, position) order, stopping at
   * the oldest transaction still running: a transaction that took an earlier position but
   * commits later is read once it commits, never skipped.
   */
  async readAll(
    after: LogCursor = LOG_START,
    limit = 1000,
    sql: Sql = this.db,
    options: { horizon?: boolean } = {},
  ): Promise<StoredEvent[]> {
    // Without the horizon only for callers that hold the streams lock (rebuild): no append can
    // be in flight then. The horizon is server-wide, so a long transaction in any database
    // holds readers back; that delays them, it never makes them skip.
    const horizon =
      options.horizon === false ? '' : 'AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())';
    const rows = await sql.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events
       WHERE (transaction_id, position) > ($1::text::xid8, $2::bigint) ${horizon}
       ORDER BY events.transaction_id, events.position
       LIMIT $3`,
      [after.transactionId.toString(), after.position.toString(), limit],
    );
    return rows.map((r) => this.toStored(r));
  }

  /**
   * Locks the stream's row until the caller's transaction ends and reads it: the decision that
   * follows cannot be overtaken, and it waits for in-flight appends to the stream instead of
   * failing against them.
   */
  async lockAndReadStream(tx: Sql, streamId: string): Promise<StoredEvent[]> {
    await tx.query('SELECT version FROM streams WHERE stream_id = $1 FOR UPDATE', [streamId]);
    return this.readStream(streamId, 1, tx);
  }

  static cursorOf(event: StoredEvent): LogCursor {
    return { transactionId: event.transactionId, position: event.position };
  }

  private toStored(row: EventRow, upcast = true): StoredEvent {
    const { version, data } = upcast
      ? this.upcasters.upcast(row.type, row.event_version, row.data)
      : { version: row.event_version, data: row.data };
    return {
      position: BigInt(row.position),
      transactionId: BigInt(row.transaction_id),
      eventId: row.event_id,
      streamId: row.stream_id,
      streamVersion: row.stream_version,
      orgId: row.org_id,
      type: row.type,
      eventVersion: version,
      data,
      metadata: row.metadata,
      occurredAt: row.occurred_at,
    };
  }

  private static classify(error: unknown): Error {
    if (error instanceof ConcurrencyError) return error;
    const code = (error as { code?: unknown }).code;
    // A unique violation means a concurrent writer won (a stream version or a unique read
    // model key): a conflict, not an outage.
    if (code === '23505') {
      const detail = (error as { detail?: string }).detail ?? '';
      return new ConcurrencyError(
        /\(stream_id, stream_version\)/.test(detail) ? 'stream' : 'row',
        'any',
        null,
      );
    }
    const fromDatabase =
      typeof code === 'string' ||
      (error instanceof Error && /connect|terminat|timeout|pool/i.test(error.message));
    // Errors raised by callbacks (domain rules) pass through unchanged.
    return fromDatabase ? new EventStoreUnavailableError(error) : (error as Error);
  }
}
