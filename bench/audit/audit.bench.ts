/**
 * The auditors' numbers (DESIGN.md, "Numbers to reach"): a filtered page of 100 over a million
 * events, a full NDJSON export, and a projection rebuild. See bench/audit/README.md.
 *
 *   npm run bench:audit          (AUDIT_BENCH_EVENTS=200000 for a shorter run)
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Client } from 'pg';
import { auditExport } from '../../apps/cli/src/commands/audit-export.command';
import type { CliContext } from '../../apps/cli/src/context';
import { Database } from '../../libs/database/src/database';
import { startService, type RunningService } from '../lib/service';
import { auditorToken, httpExport, httpVerify, queryPages } from './http-phases';
import { CpuMeter, load, log, RssTrace, rssMb, timed } from './measure';
import { asyncCatchUp, rebuildAll, rebuildAudit, sealAll, seedLog } from './phases';

const ADMIN_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const EVENTS = Number(process.env.AUDIT_BENCH_EVENTS || 1_000_000);
const SKIP = new Set((process.env.AUDIT_BENCH_SKIP || '').split(',').filter(Boolean));

async function onServer<T>(work: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

/** The CLI's `audit export` (the log itself, every org) into a sink that drops the bytes. */
async function cliExport(db: Database) {
  const sink = new Writable({ write: (_c, _e, done) => done() });
  let said = '';
  const err = new Writable({
    write(c: Buffer, _e, done) {
      said += c.toString();
      done();
    },
  });
  const trace = new RssTrace();
  const { seconds } = await timed(() => auditExport({ db, out: sink, err } as unknown as CliContext, {}));
  const events = Number(/exported (\d+) events/.exec(said)?.[1] ?? 0);
  return { events, seconds, rate: Math.round(events / seconds), rss: trace.stop() };
}

async function main(): Promise<void> {
  const name = `kl_audit_bench_${randomBytes(4).toString('hex')}`;
  await onServer((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const db = await Database.connect({ url: url.toString(), poolSize: 8, applicationName: 'audit-bench' });
  const results: Record<string, unknown> = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
    events: EVENTS,
  };
  let api: RunningService | null = null;
  try {
    await db.migrate();
    const [{ v }] = await db.query<{ v: string }>(`SELECT current_setting('server_version') AS v`);
    results.postgres = v;
    log(`database ${name} (PostgreSQL ${v}); load ${load().join(' ')}`);

    const meter = new CpuMeter(async () =>
      (
        await db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database()')
      ).map((r) => r.pid),
    );
    /** Runs a phase with its CPU time measured; `events` per CPU-second is the idle-machine rate. */
    const phase = async <T extends object>(key: string, work: () => Promise<T>) => {
      await meter.start();
      const value = await work();
      const cpu = await meter.stop();
      const events = (value as { events?: number }).events;
      const cpuRate = events ? Math.round(events / (cpu.nodeSeconds + cpu.postgresSeconds)) : undefined;
      results[key] = { ...value, cpu, eventsPerCpuSecond: cpuRate, load: load() };
      log(`  ${key}: ${JSON.stringify(results[key])}`);
      return value;
    };
    log(`seeding ${EVENTS} events through EventStore.append`);
    const seeded = await seedLog(db, EVENTS);
    results.seed = {
      ...seeded,
      main: undefined,
      rate: Math.round(seeded.bulk / seeded.seconds),
      load: load(),
    };
    log(`  ${seeded.total} events in ${seeded.seconds.toFixed(1)} s`);

    if (!SKIP.has('rebuild')) {
      log('rebuilding every projection');
      await phase('rebuildAll', () => rebuildAll(db));
    }
    log('rebuilding the audit projections alone');
    await phase('rebuildAudit', () => rebuildAudit(db));
    if (!SKIP.has('async')) {
      log('catching the audit trail up from scratch through the SubscriptionRunner (batches of 500)');
      await phase('asyncCatchUp', () => asyncCatchUp(db));
    }
    // Before the service starts, or its own sealer would be doing this during the measurements.
    log('sealing the log into the hash chain');
    await phase('seal', () => sealAll(db));
    // What autovacuum does shortly after a bulk load; the planner needs the statistics.
    await db.query('VACUUM ANALYZE audit_events');

    api = await startService(url.toString(), null);
    meter.nodePid = api.pid; // from here on the Node process measured is the service's
    results.serviceIdleRssMb = rssMb(api.pid);
    const token = await auditorToken(db, api.url, seeded.main);
    log('filtered pages of 100 over HTTP');
    await phase('query', () => queryPages(db, api!.url, token, seeded.main));

    log('verifying the whole chain over HTTP');
    await phase('verify', () => httpVerify(api!, token));

    // A fresh service for the exports, so that their memory trace is theirs alone and not the
    // garbage of the phases before (V8 collects the old generation only now and then).
    await api.stop();
    api = await startService(url.toString(), null);
    meter.nodePid = api.pid;
    results.exportServiceIdleRssMb = rssMb(api.pid);
    const exportToken = await auditorToken(db, api.url, seeded.main);
    log(`exporting the main org (${seeded.mainEvents} events) as NDJSON over HTTP`);
    await phase('exportNdjson', () => httpExport(api!, exportToken, 'ndjson'));
    log('exporting it again as CSV over HTTP');
    await phase('exportCsv', () => httpExport(api!, exportToken, 'csv'));
    log('keyledger audit export (the whole log, every org) to a sink, in this process');
    meter.nodePid = 'self';
    await phase('exportCli', () => cliExport(db));

    const dir = join(__dirname, 'results');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `audit-${new Date().toISOString().slice(0, 10)}.json`);
    writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
    log(`results in ${file}`);
  } finally {
    if (api) await api.stop();
    await db.close();
    if (process.env.AUDIT_BENCH_KEEP_DB !== '1') {
      await onServer((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    }
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    log(`failed: ${(error as Error).stack ?? String(error)}`);
    process.exit(1);
  },
);
