/**
 * Where the database time of a credential fetch goes: the vend's statements replayed from a
 * node-pg pool (no HTTP, no Nest) — the handler's former 9-statement sequence, leaner variants
 * and the current keyledger_vend() — at the same concurrency as the raw insert baseline. Seeds through the API, then stops the service: a diagnostic, not a
 * DESIGN.md figure.
 *
 *   npm run build && npx ts-node --transpile-only bench/vend-sql.ts
 */
import { Pool } from 'pg';
import { CpuMeter } from './lib/cpu';
import { createBenchDatabase } from './lib/database';
import { settings } from './lib/env';
import { JsonClient } from './lib/http';
import { rawInsertRate } from './lib/raw-insert';
import { cpuTable, log, markdownTable, publish } from './lib/report';
import { addTool, approvedAgents, login } from './lib/seed';
import { startService } from './lib/service';
import { Latencies, nowMs, round } from './lib/stats';
import { type Grant, NEEDS_FUNCTION, VARIANTS, type VendSql } from './lib/vend-sql';

const SECONDS = Number(process.env.BENCH_SQL_SECONDS || 10);

async function closedLoop(pool: Pool, grants: Grant[], db: string, vend: VendSql) {
  const latencies = new Latencies();
  const cpu = new CpuMeter(db);
  let errors = 0;
  let n = 0;
  const measureFrom = nowMs() + 2000;
  const end = measureFrom + SECONDS * 1000;
  const opening = setTimeout(() => cpu.begin(), 2000);
  const loop = async () => {
    while (nowMs() < end) {
      const t0 = nowMs();
      try {
        await vend(pool, grants[n++ % grants.length]);
        if (t0 >= measureFrom) latencies.add(nowMs() - t0);
      } catch (error) {
        if (errors++ === 0) console.error(error);
      }
    }
  };
  await Promise.all(Array.from({ length: settings.connections }, loop));
  clearTimeout(opening);
  return {
    per_second: round(latencies.count / SECONDS, 0),
    errors,
    latency_ms: latencies.summary(),
    cpu: cpu.end(latencies.count),
  };
}

async function main(): Promise<void> {
  const db = await createBenchDatabase(settings.adminUrl);
  try {
    const service = await startService(db.url, null);
    const api = new JsonClient(service.url);
    try {
      const admin = await login(api);
      await approvedAgents(api, admin, await addTool(api, admin, 'Bench GitHub'), settings.agents);
    } finally {
      api.close();
      await service.stop();
    }
    const pool = new Pool({ connectionString: db.url, max: settings.connections });
    const { rows: grants } = await pool.query<Grant>(
      `SELECT r.id AS grant_id, r.agent_id, r.org_id, r.tool_id, k.id AS key_id, k.key_hash
       FROM access_requests r JOIN agent_keys k ON k.agent_id = r.agent_id WHERE r.status = 'approved'`,
    );
    const results: Record<string, Awaited<ReturnType<typeof closedLoop>>> = {};
    const { rows: functions } = await pool.query<{ proname: string }>('SELECT proname FROM pg_proc');
    const present = new Set(functions.map((f) => f.proname));
    for (const [name, vend] of Object.entries(VARIANTS)) {
      if (NEEDS_FUNCTION[name] && !present.has(NEEDS_FUNCTION[name])) continue;
      log(`${name}: ${settings.connections} connections, ${SECONDS} s`);
      results[name] = await closedLoop(pool, grants, db.name, vend);
    }
    await pool.end();
    log('raw insert baseline');
    const raw = await rawInsertRate(db.url, db.name, settings.connections, 2, SECONDS);
    const rows = [['raw INSERT (baseline)', raw] as const, ...Object.entries(results)];
    const markdown = [
      markdownTable(
        rows.map(([what, r]) => ({
          'node-pg, no service': what,
          'per s': r.per_second,
          'p50 ms': r.latency_ms.p50,
          'p99 ms': r.latency_ms.p99,
          errors: r.errors,
          'vs raw': round(r.per_second / raw.per_second, 2),
        })),
      ),
      '',
      cpuTable(rows.map(([what, r]) => [what, r.cpu])),
    ].join('\n');
    await publish(
      'vend-sql',
      { benchmark: 'vend-sql', at: new Date().toISOString(), raw_insert: raw, variants: results },
      markdown,
    );
  } finally {
    await db.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
