import { ALL_PROJECTIONS } from '../../apps/api/src/projections';
import { auditProjections } from '../../libs/audit/src/audit.projections';
import { auditEventsProjection } from '../../libs/audit/src/list-events/audit-events.projection';
import type { Database } from '../../libs/database/src/database';
import { EventStore } from '../../libs/event-store/src/event-store';
import { type Projection, ProjectionRegistry } from '../../libs/event-store/src/projection';
import { rebuildProjections } from '../../libs/event-store/src/rebuild';
import { Sealer } from '../../libs/event-store/src/sealer';
import { SubscriptionRunner } from '../../libs/event-store/src/subscription-runner';
import { BENCH_LOG_MAC } from '../lib/service';
import { log, timed } from './measure';
import { LogSeeder, type SeededOrg } from './seed';

/**
 * Seeds `target` events into one large org (plus ~5% into two small ones) through
 * EventStore.append, every inline projection running as in production, from `workers`
 * concurrent appenders so transactions interleave as they do under load.
 */
export async function seedLog(db: Database, target: number, workers = 4) {
  const store = new EventStore(db, BENCH_LOG_MAC, new ProjectionRegistry().register(...ALL_PROJECTIONS));
  const seeder = new LogSeeder(store);
  const main = await seeder.org('Acme', 60, 40, 6);
  const perOrg = new Map<SeededOrg, number>([[main, seeder.appended]]);
  const small = [await seeder.org('Globex', 10, 8, 3), await seeder.org('Initech', 10, 8, 3)];
  const startedAt = seeder.appended;
  let nextReport = 100_000;
  const worker = async (w: number) => {
    for (let batch = 0; (perOrg.get(main) ?? 0) < target; batch++) {
      const org = batch % 20 === 19 ? small[batch % 2] : main;
      let added = w === 0 && batch % 40 === 0 ? await seeder.lifecycle(org) : 0;
      added += await seeder.fetches(org, 100 + ((batch * 37) % 400));
      perOrg.set(org, (perOrg.get(org) ?? 0) + added);
      if (seeder.appended >= nextReport) {
        log(`  seeded ${seeder.appended} events`);
        nextReport += 100_000;
      }
    }
  };
  const { seconds } = await timed(() => Promise.all(Array.from({ length: workers }, (_, w) => worker(w))));
  return {
    main,
    mainEvents: perOrg.get(main)!,
    total: seeder.appended,
    seconds,
    bulk: seeder.appended - startedAt,
  };
}

/** Each projection wrapped to add up the time its apply() takes. */
function timedProjections(projections: Projection[], spent: Record<string, number>): Projection[] {
  return projections.map((p) => ({
    ...p,
    async apply(tx, events) {
      const started = process.hrtime.bigint();
      await p.apply(tx, events);
      spent[p.name] = (spent[p.name] ?? 0) + Number(process.hrtime.bigint() - started) / 1e9;
    },
  }));
}

export async function rebuild(db: Database, projections: Projection[]) {
  const spent: Record<string, number> = {};
  const registry = new ProjectionRegistry().register(...timedProjections(projections, spent));
  const store = new EventStore(db, BENCH_LOG_MAC, registry);
  let nextReport = 0.1;
  const { value, seconds } = await timed(() =>
    rebuildProjections(db, store, registry, ({ done, total }) => {
      if (total > 0 && done / total >= nextReport) {
        log(`  rebuilt ${done}/${total}`);
        nextReport += 0.1;
      }
    }),
  );
  const bySpent = Object.entries(spent)
    .sort((a, b) => b[1] - a[1])
    .map(([name, s]) => ({ name, seconds: Math.round(s * 10) / 10 }));
  return { events: value.done, seconds, rate: Math.round(value.done / seconds), projections: bySpent };
}

export const rebuildAll = (db: Database) => rebuild(db, ALL_PROJECTIONS);
export const rebuildAudit = (db: Database) => rebuild(db, auditProjections);

/**
 * The live path: the audit trail emptied and its checkpoint reset, then caught up by the
 * service's SubscriptionRunner at its default batch size (500).
 */
export async function asyncCatchUp(db: Database) {
  await db.transaction(async (tx) => {
    await tx.query(`TRUNCATE ${auditEventsProjection.tables.join(', ')}`);
    await tx.query(
      `UPDATE subscription_checkpoints SET last_transaction_id = '0', last_position = 0 WHERE name = $1`,
      [auditEventsProjection.name],
    );
  });
  const store = new EventStore(db, BENCH_LOG_MAC, new ProjectionRegistry().register(...ALL_PROJECTIONS));
  const runner = new SubscriptionRunner(db, store, [auditEventsProjection]);
  const { seconds } = await timed(() => runner.catchUp(3_600_000));
  const [{ n }] = await db.query<{ n: string }>('SELECT count(*)::text AS n FROM audit_events');
  return { events: Number(n), seconds, rate: Math.round(Number(n) / seconds) };
}

/** Seals the whole log into the hash chain, as the service's sealer does shortly after commits. */
export async function sealAll(db: Database) {
  const sealer = new Sealer(db, BENCH_LOG_MAC);
  const { value: events, seconds } = await timed(async () => {
    let sealed = 0;
    for (let n = await sealer.sealBatch(5000); n > 0; n = await sealer.sealBatch(5000)) sealed += n;
    return sealed;
  });
  return { events, seconds, rate: Math.round(events / seconds) };
}
