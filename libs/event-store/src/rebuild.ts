import type { Database } from '../../database/src/database';
import { EventStore, LOG_START } from './event-store';
import { ProjectionRegistry } from './projection';
import { SubscriptionRunner } from './subscription-runner';

export interface RebuildProgress {
  done: number;
  total: number;
}

/**
 * Empties every read model and replays the whole log into it, in one transaction: appends
 * wait on the streams lock and readers of the read models wait for the commit meanwhile, so
 * nobody sees a half-built model and the result is exactly what the inline path would have
 * produced. Projections are pure
 * functions of the log (DESIGN.md invariant 5); a test compares the two.
 */
export async function rebuildProjections(
  db: Database,
  store: EventStore,
  registry: ProjectionRegistry,
  onProgress: (p: RebuildProgress) => void = () => undefined,
  batchSize = 5000,
): Promise<RebuildProgress> {
  return db.transaction(async (tx) => {
    await tx.query('LOCK TABLE streams IN EXCLUSIVE MODE');
    const [{ total }] = await tx.query<{ total: string }>('SELECT count(*)::text AS total FROM events');
    const progress = { done: 0, total: Number(total) };
    const projections = registry.all();
    // TRUNCATE, not DELETE: a million dead rows would bloat every index the replay then writes
    // into (a rebuild of a populated audit trail ran at 18,000 events/s with DELETE). Its lock
    // makes readers of these tables wait for the commit instead of reading the old rows; the
    // appends wait on the streams lock anyway. The CLI connects as the owner, who may truncate.
    const tables = projections.flatMap((p) => p.tables);
    if (tables.length > 0) await tx.query(`TRUNCATE ${tables.join(', ')}`);
    let cursor = LOG_START;
    onProgress(progress);
    for (;;) {
      const events = await store.readAll(cursor, batchSize, tx, { horizon: false });
      if (events.length === 0) break;
      for (const projection of projections) await ProjectionRegistry.feed(tx, projection, events);
      const next = EventStore.cursorOf(events[events.length - 1]);
      progress.done += events.length;
      onProgress(progress);
      cursor = next;
    }
    for (const projection of registry.async()) {
      const from = await SubscriptionRunner.checkpoint(tx, projection.name);
      if (from.position !== cursor.position || from.transactionId !== cursor.transactionId) {
        await SubscriptionRunner.advance(tx, projection.name, from, cursor);
      }
    }
    return progress;
  });
}
