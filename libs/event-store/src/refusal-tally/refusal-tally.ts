import { Logger } from '@nestjs/common';
import type { Database, Sql } from '../../../database/src/database';
import type { EventMetadata } from '../event';
import type { EventStore } from '../event-store';

/** One refused request, as the caller that refused it saw it. */
export interface Refusal {
  /** What is counted: one open tally, so one event per window, per subject (an agent key and a reason). */
  subject: string;
  /** Where the tally's event is appended, and its type. */
  streamId: string;
  eventType: string;
  /** The event's fixed fields: who was refused and why (the same for every refusal of a subject). */
  data: Record<string, unknown>;
  /** The refused request's context; a tally's event carries its first request's. */
  metadata: EventMetadata;
  /** What was asked, e.g. `GET /api/tools`; a few distinct ones are kept. */
  request: string;
  at?: Date;
}

export interface RefusalTallyOptions {
  /** A tally is closed into its event this long after it opened. */
  windowSeconds: number;
  /** How often counts go to PostgreSQL and due tallies are closed. */
  flushMs?: number;
  /** Subjects held in memory between flushes; refusals of further subjects are dropped (and counted). */
  maxSubjects?: number;
}

interface Pending {
  refusal: Refusal;
  firstSeen: Date;
  lastSeen: Date;
  count: number;
  ips: Set<string>;
  moreIps: boolean;
  requests: Set<string>;
}

interface TallyRow {
  stream_id: string;
  event_type: string;
  data: Record<string, unknown>;
  metadata: EventMetadata;
  first_seen: Date;
  last_seen: Date;
  count: string;
  ips: string[];
  more_ips: boolean;
  requests: string[];
}

const SAMPLES = 16;

// Counts add up whichever instance saw them; a few distinct addresses and requests are kept.
const FLUSH_SQL = `
  INSERT INTO refusal_tallies AS t
    (subject, stream_id, event_type, org_id, data, metadata, first_seen, last_seen, count, ips, more_ips, requests)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::jsonb[],
                       $7::timestamptz[], $8::timestamptz[], $9::bigint[], $10::jsonb[], $11::boolean[], $12::jsonb[])
  ON CONFLICT (subject) DO UPDATE SET
    first_seen = least(t.first_seen, excluded.first_seen),
    last_seen = greatest(t.last_seen, excluded.last_seen),
    count = t.count + excluded.count,
    ips = (SELECT coalesce(jsonb_agg(v), '[]') FROM (
             SELECT DISTINCT v FROM jsonb_array_elements_text(t.ips || excluded.ips) AS e(v) ORDER BY v LIMIT ${SAMPLES}) s),
    more_ips = t.more_ips OR excluded.more_ips OR (
             SELECT count(DISTINCT v) > ${SAMPLES} FROM jsonb_array_elements_text(t.ips || excluded.ips) AS e(v)),
    requests = (SELECT coalesce(jsonb_agg(v), '[]') FROM (
             SELECT DISTINCT v FROM jsonb_array_elements_text(t.requests || excluded.requests) AS e(v) ORDER BY v LIMIT ${SAMPLES}) s)`;

// Whoever locks a due tally closes it; SKIP LOCKED lets instances share the work, never double it.
const CLOSE_SQL = `
  DELETE FROM refusal_tallies t
  WHERE t.subject IN (
    SELECT subject FROM refusal_tallies
    WHERE opened_at <= now() - make_interval(secs => $1)
    ORDER BY opened_at LIMIT $2
    FOR UPDATE SKIP LOCKED)
  RETURNING t.stream_id, t.event_type, t.data, t.metadata, t.first_seen, t.last_seen, t.count::text AS count,
            t.ips, t.more_ips, t.requests`;

/**
 * Refusals that must leave a trace without letting a flood grow the log (DESIGN.md: floods are
 * counted, not recorded one by one; docs/adr/0013). Each refusal is counted in memory; every
 * `flushMs` the counts are added to the subject's open tally in PostgreSQL, shared by all
 * instances; once a tally has been open for the window, one instance deletes it and appends
 * its one event (count, first and last seen, addresses, requests) in the same transaction.
 * A new tally opens only after the last one closed, so a subject adds at most one event per
 * window, and a single refusal still becomes an event when its window ends. Stopping flushes
 * what is in memory; the tally is closed by any instance, or by the next start.
 */
export class RefusalTally {
  private readonly logger = new Logger('refusals');
  private pending = new Map<string, Pending>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  private failing = false;
  private readonly flushMs: number;
  private readonly maxSubjects: number;
  /** Refusals dropped because too many subjects were waiting for a flush. */
  dropped = 0;

  constructor(
    private readonly db: Database,
    private readonly store: EventStore,
    private readonly options: RefusalTallyOptions,
  ) {
    this.flushMs = options.flushMs ?? 1_000;
    this.maxSubjects = options.maxSubjects ?? 10_000;
  }

  /** Counts one refusal; never waits and never throws. */
  count(refusal: Refusal): void {
    const at = refusal.at ?? new Date();
    let entry = this.pending.get(refusal.subject);
    if (!entry) {
      if (this.pending.size >= this.maxSubjects) {
        this.dropped += 1;
        return;
      }
      entry = {
        refusal,
        firstSeen: at,
        lastSeen: at,
        count: 0,
        ips: new Set(),
        moreIps: false,
        requests: new Set(),
      };
      this.pending.set(refusal.subject, entry);
    }
    entry.count += 1;
    if (at < entry.firstSeen) entry.firstSeen = at;
    if (at > entry.lastSeen) entry.lastSeen = at;
    const ip = refusal.metadata.ip;
    if (ip && !entry.ips.has(ip)) {
      if (entry.ips.size < SAMPLES) entry.ips.add(ip);
      else entry.moreIps = true;
    }
    if (entry.requests.size < SAMPLES) entry.requests.add(refusal.request.slice(0, 300));
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.running = this.running.then(() => this.tick());
    }, this.flushMs);
    this.timer.unref();
  }

  /** Stops the timer and writes what is still in memory (on shutdown). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
    await this.flush().catch((error: unknown) => this.report(error));
  }

  /** One round: counts to PostgreSQL, then due tallies to the log. */
  async tick(): Promise<void> {
    try {
      await this.flush();
      while ((await this.closeDue()) > 0);
      if (this.failing) this.logger.log('refusal counts are written again');
      this.failing = false;
    } catch (error) {
      this.report(error);
    }
  }

  /** Adds the counts held in memory to the shared tallies; on failure they are kept for the next round. */
  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    try {
      await this.db.query(FLUSH_SQL, [
        batch.map((p) => p.refusal.subject),
        batch.map((p) => p.refusal.streamId),
        batch.map((p) => p.refusal.eventType),
        batch.map((p) => p.refusal.metadata.org_id),
        batch.map((p) => JSON.stringify(p.refusal.data)),
        batch.map((p) => JSON.stringify(p.refusal.metadata)),
        batch.map((p) => p.firstSeen.toISOString()),
        batch.map((p) => p.lastSeen.toISOString()),
        batch.map((p) => String(p.count)),
        batch.map((p) => JSON.stringify([...p.ips])),
        batch.map((p) => p.moreIps),
        batch.map((p) => JSON.stringify([...p.requests])),
      ]);
    } catch (error) {
      for (const p of batch) this.restore(p);
      throw error;
    }
  }

  /** Appends the event of every tally whose window has ended; answers how many. */
  async closeDue(limit = 100): Promise<number> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<TallyRow>(CLOSE_SQL, [this.options.windowSeconds, limit]);
      for (const row of rows) await this.append(tx, row);
      return rows.length;
    });
  }

  private async append(tx: Sql, row: TallyRow): Promise<void> {
    await this.store.appendIn(
      tx,
      row.stream_id,
      'any',
      [
        {
          type: row.event_type,
          data: {
            ...row.data,
            count: Number(row.count),
            first_seen: row.first_seen.toISOString(),
            last_seen: row.last_seen.toISOString(),
            window_seconds: this.options.windowSeconds,
            ips: row.ips,
            more_ips: row.more_ips,
            requests: row.requests,
          },
        },
      ],
      row.metadata,
    );
  }

  /** Puts a batch that could not be written back, merged with what arrived since. */
  private restore(p: Pending): void {
    const current = this.pending.get(p.refusal.subject);
    if (!current) {
      if (this.pending.size < this.maxSubjects) this.pending.set(p.refusal.subject, p);
      else this.dropped += p.count;
      return;
    }
    current.count += p.count;
    current.refusal = p.refusal;
    if (p.firstSeen < current.firstSeen) current.firstSeen = p.firstSeen;
    if (p.lastSeen > current.lastSeen) current.lastSeen = p.lastSeen;
    for (const ip of p.ips) {
      if (current.ips.size < SAMPLES) current.ips.add(ip);
      else if (!current.ips.has(ip)) current.moreIps = true;
    }
    current.moreIps ||= p.moreIps;
    for (const r of p.requests) if (current.requests.size < SAMPLES) current.requests.add(r);
  }

  private report(error: unknown): void {
    if (this.failing) return;
    this.failing = true;
    this.logger.warn({
      msg: 'refusal counts cannot be written; they are kept in memory and retried',
      reason: (error as Error).message,
    });
  }
}
