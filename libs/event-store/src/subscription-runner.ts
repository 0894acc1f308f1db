import type { Database, Sql } from '../../database/src/database';
import { EventStore, LogCursor } from './event-store';
import { Projection, ProjectionRegistry } from './projection';

/**
 * Feeds async projections from their checkpoints. Each batch commits the projection's rows
 * and its checkpoint together; the checkpoint moves by compare-and-set, so two instances
 * running the same projection never apply a batch twice (the loser rolls back).
 */
export class SubscriptionRunner {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private stopped = true;

  constructor(
    private readonly db: Database,
    private readonly store: EventStore,
    private readonly projections: Projection[],
    private readonly options: { batchSize?: number; intervalMs?: number } = {},
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    while (this.running) await new Promise((r) => setTimeout(r, 10));
  }

  /** Wakes the loop now (called after a local append). */
  nudge(): void {
    if (!this.stopped && !this.running) this.schedule(0);
  }

  private schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delay);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    let more = false;
    try {
      more = await this.runAll();
    } catch {
      // A transient database error: the next tick retries.
    } finally {
      this.running = false;
      if (!this.stopped) this.schedule(more ? 0 : (this.options.intervalMs ?? 250));
    }
  }

  /**
   * One batch for every projection. Projections that stand at the same checkpoint (all of them,
   * once caught up) share one read of the log: fetch records are most of it, and each read
   * parses every event's JSON (bench/README.md). Each still commits its rows and its checkpoint
   * in its own transaction, by compare-and-set from where it was read to stand.
   */
  private async runAll(): Promise<boolean> {
    const batchSize = this.options.batchSize ?? 500;
    const names = this.projections.map((p) => p.name);
    const rows = await this.db.query<{ name: string; t: string; p: string }>(
      `SELECT name, last_transaction_id::text AS t, last_position::text AS p
       FROM subscription_checkpoints WHERE name = ANY ($1)`,
      [names],
    );
    const groups = new Map<string, { from: LogCursor; projections: Projection[] }>();
    let more = false;
    for (const projection of this.projections) {
      const row = rows.find((r) => r.name === projection.name);
      if (!row) {
        more = (await this.settle(this.runOnce(projection))) || more; // creates its checkpoint
        continue;
      }
      const key = `${row.t}:${row.p}`;
      const group = groups.get(key) ?? {
        from: { transactionId: BigInt(row.t), position: BigInt(row.p) },
        projections: [],
      };
      group.projections.push(projection);
      groups.set(key, group);
    }
    for (const { from, projections } of groups.values()) {
      const events = await this.store.readAll(from, batchSize);
      if (events.length === 0) continue;
      const to = EventStore.cursorOf(events[events.length - 1]);
      for (const projection of projections) {
        const applied = this.db.transaction(async (tx) => {
          await ProjectionRegistry.feed(tx, projection, events);
          await SubscriptionRunner.advance(tx, projection.name, from, to);
          return events.length === batchSize;
        });
        more = (await this.settle(applied)) || more;
      }
    }
    return more;
  }

  /** A lost compare-and-set (another instance applied the batch) or an error: retried next tick. */
  private async settle(batch: Promise<boolean>): Promise<boolean> {
    return batch.catch(() => false);
  }

  /** Processes one batch; answers whether more events may be waiting. */
  async runOnce(projection: Projection): Promise<boolean> {
    const batchSize = this.options.batchSize ?? 500;
    return this.db.transaction(async (tx) => {
      const from = await SubscriptionRunner.checkpoint(tx, projection.name);
      const events = await this.store.readAll(from, batchSize, tx);
      if (events.length === 0) return false;
      await ProjectionRegistry.feed(tx, projection, events);
      await SubscriptionRunner.advance(
        tx,
        projection.name,
        from,
        EventStore.cursorOf(events[events.length - 1]),
      );
      return events.length === batchSize;
    });
  }

  /**
   * Runs every projection until it has read every event committed before this call, waiting
   * (up to `timeoutMs`) for older transactions anywhere on the server to end.
   */
  async catchUp(timeoutMs = 10_000): Promise<void> {
    const [{ target }] = await this.db.query<{ target: string | null }>(
      'SELECT max(position)::text AS target FROM events',
    );
    const deadline = Date.now() + timeoutMs;
    for (const projection of this.projections) {
      for (;;) {
        while (await this.runOnce(projection));
        if (target === null || Date.now() > deadline) break;
        const [behind] = await this.db.query(
          `SELECT 1 FROM events e, subscription_checkpoints c
           WHERE c.name = $1 AND e.position <= $2
             AND (e.transaction_id, e.position) > (c.last_transaction_id, c.last_position) LIMIT 1`,
          [projection.name, target],
        );
        if (!behind) break;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  static async checkpoint(tx: Sql, name: string): Promise<LogCursor> {
    await tx.query('INSERT INTO subscription_checkpoints (name) VALUES ($1) ON CONFLICT DO NOTHING', [name]);
    const [row] = await tx.query<{ t: string; p: string }>(
      'SELECT last_transaction_id::text AS t, last_position::text AS p FROM subscription_checkpoints WHERE name = $1',
      [name],
    );
    return { transactionId: BigInt(row.t), position: BigInt(row.p) };
  }

  static async advance(tx: Sql, name: string, from: LogCursor, to: LogCursor): Promise<void> {
    const { affected } = await tx.execute(
      `UPDATE subscription_checkpoints
         SET last_transaction_id = $4::text::xid8, last_position = $5, updated_at = now()
       WHERE name = $1 AND last_transaction_id = $2::text::xid8 AND last_position = $3`,
      [
        name,
        from.transactionId.toString(),
        from.position.toString(),
        to.transactionId.toString(),
        to.position.toString(),
      ],
    );
    if (affected !== 1) throw new Error(`checkpoint ${name} moved under us; batch rolled back`);
  }
}
