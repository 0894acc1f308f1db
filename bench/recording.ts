/**
 * Issue 18 in one run, every load from wrk (-t2, keep-alive), each figure beside the machine's
 * load average: pgbench's single-row INSERT rate at 32 clients, the floor (a bare Fastify route
 * answering a constant), credential fetches by 64 agents, one hot grant, and the catalog of
 * 1,000 tools. See bench/README.md.
 *
 *   npm run build && BENCH_LABEL=after npx ts-node --transpile-only bench/recording.ts
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { CpuMeter, waitForQuiet } from './lib/cpu';
import { createBenchDatabase, serverVersion } from './lib/database';
import { settings } from './lib/env';
import { JsonClient } from './lib/http';
import { pgbenchInsertRate } from './lib/raw-insert';
import { type Check, checksTable, cpuTable, log, machine, markdownTable, publish } from './lib/report';
import { addTool, approvedAgents, grantAccess, login, mapLimit, registerAgent } from './lib/seed';
import { serviceBuild, startService } from './lib/service';
import { round } from './lib/stats';
import { runWrk } from './lib/wrk';
import type { LoadResult } from './lib/load';

const CATALOG_AGENTS = 8;

const load = () => loadavg().map((l) => round(l, 2));

/** A bare Fastify server in a process of its own, answering a constant: the stack's floor. */
async function startFloor(): Promise<{ url: string; child: ChildProcess }> {
  const code = `
    const app = require('fastify')({ logger: false });
    app.get('/floor', async () => ({ ok: true }));
    app.listen({ port: 0, host: '127.0.0.1' }).then((a) => console.log('LISTEN ' + a));`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((done, fail) => {
    child.once('exit', (c) => fail(new Error(`floor server exited ${c}`)));
    child.stdout.on('data', (b: Buffer) => {
      const m = /LISTEN (\S+)/.exec(b.toString());
      if (m) done(m[1]);
    });
  });
  return { url: `${url}/floor`, child };
}

interface Phase {
  what: string;
  result: LoadResult;
  load_before: number[];
  load_after: number[];
  rss_peak_mb: number | null;
}

async function main(): Promise<void> {
  const { connections } = settings;
  const label = process.env.BENCH_LABEL || 'run';
  const host = { ...machine(), busy_pct_before: await waitForQuiet(log), uptime_load: load() };
  const db = await createBenchDatabase(settings.adminUrl);
  log(`database ${db.name}; load ${load().join(' ')}`);
  const phases: Phase[] = [];
  const wrk = async (
    what: string,
    url: string,
    keys: string[],
    conns: number,
    cpu?: CpuMeter,
    rss?: { resetPeak(): void; peakMb: number },
  ) => {
    log(`${what}: ${conns} connections, ${settings.seconds} s; load ${load().join(' ')}`);
    const before = load();
    rss?.resetPeak();
    const result = await runWrk({ ...settings, connections: conns, url, keys, cpu });
    phases.push({ what, result, load_before: before, load_after: load(), rss_peak_mb: rss?.peakMb ?? null });
    return result;
  };
  try {
    const postgres = await serverVersion(db.url);
    // pgbench's table is made by the node-pg baseline; make it here.
    const { Client } = await import('pg');
    const c = new Client({ connectionString: db.url });
    await c.connect();
    await c.query('CREATE TABLE IF NOT EXISTS bench_raw (id uuid PRIMARY KEY, payload jsonb NOT NULL)');
    await c.end();
    const pgLoad = load();
    log(`pgbench: ${connections} clients, ${settings.rawSeconds} s; load ${pgLoad.join(' ')}`);
    const pgbench = await pgbenchInsertRate(db.url, connections, settings.rawSeconds);

    const floor = await startFloor();
    try {
      await wrk('floor: bare Fastify constant route', floor.url, ['klk_floor'], connections);
    } finally {
      floor.child.kill('SIGTERM');
    }

    const service = await startService(db.url, settings.cpuProfDir);
    log(`service pid ${service.pid} at ${service.url}`);
    const api = new JsonClient(service.url);
    try {
      const admin = await login(api);
      log(`seeding ${settings.tools} tools and ${settings.agents} approved agents`);
      const names = Array.from(
        { length: settings.tools },
        (_, i) => `Bench tool ${String(i).padStart(4, '0')}`,
      );
      const tools = await mapLimit(names, 8, (name) => addTool(api, admin, name));
      const keys = await approvedAgents(api, admin, tools[0], settings.agents);
      const catalogKeys = await mapLimit(
        Array.from({ length: CATALOG_AGENTS }, (_, i) => `bench-catalog-${i}`),
        8,
        async (name, i) => {
          const key = await registerAgent(api, admin, name);
          for (const tool of tools.slice(1 + i * 5, 6 + i * 5)) await grantAccess(api, admin, key, tool);
          return key;
        },
      );
      const fetchUrl = `${service.url}/api/tools/${tools[0]}/credentials`;
      await wrk(
        `credential fetch, ${settings.agents} agents`,
        fetchUrl,
        keys,
        connections,
        new CpuMeter(db.name, service.pid),
        service.rss,
      );
      await wrk(
        'credential fetch, one hot grant',
        fetchUrl,
        [keys[0]],
        connections,
        new CpuMeter(db.name, service.pid),
        service.rss,
      );
      await wrk(
        `catalog listing, ${settings.tools} tools`,
        `${service.url}/api/tools`,
        catalogKeys,
        settings.catalogConnections,
        new CpuMeter(db.name, service.pid),
        service.rss,
      );
    } finally {
      api.close();
      await service.stop();
    }

    const [floorRun, fetchRun, hotRun, catalogRun] = phases;
    const ratio = round(fetchRun.result.per_second / pgbench.per_second, 3);
    const hotRatio = round(hotRun.result.per_second / pgbench.per_second, 3);
    const rssPeak = Math.max(...phases.map((p) => p.rss_peak_mb ?? 0));
    const checks: Check[] = [
      { what: 'fetch / pgbench insert rate', target: '≥ 0.5', measured: String(ratio), met: ratio >= 0.5 },
      {
        what: 'fetch p99',
        target: '≤ 20 ms',
        measured: `${fetchRun.result.latency_ms.p99} ms`,
        met: fetchRun.result.latency_ms.p99 <= 20,
      },
      { what: 'hot grant / pgbench', target: '≥ 0.3', measured: String(hotRatio), met: hotRatio >= 0.3 },
      {
        what: 'hot grant p99',
        target: '≤ 30 ms',
        measured: `${hotRun.result.latency_ms.p99} ms`,
        met: hotRun.result.latency_ms.p99 <= 30,
      },
      {
        what: 'catalog p99',
        target: '≤ 10 ms',
        measured: `${catalogRun.result.latency_ms.p99} ms`,
        met: catalogRun.result.latency_ms.p99 <= 10,
      },
      {
        what: 'errors',
        target: '0',
        measured: String(phases.reduce((n, p) => n + p.result.errors, 0)),
        met: phases.every((p) => p.result.errors === 0),
      },
      { what: 'service RSS peak', target: '≤ 300 MB', measured: `${rssPeak} MB`, met: rssPeak <= 300 },
    ];
    const markdown = [
      markdownTable([
        {
          what: `pgbench INSERT, ${connections} clients`,
          'per s': pgbench.per_second,
          'p50 ms': pgbench.latency_ms.p50,
          'p99 ms': pgbench.latency_ms.p99,
          errors: pgbench.errors,
          'load 1m before': pgLoad[0],
          'ratio to pgbench': 1,
          'RSS peak MB': '—',
        },
        ...phases.map((p) => ({
          what: `${p.what} (${p.result.connections} conn)`,
          'per s': p.result.per_second,
          'p50 ms': p.result.latency_ms.p50,
          'p99 ms': p.result.latency_ms.p99,
          errors: p.result.errors,
          'load 1m before': p.load_before[0],
          'ratio to pgbench': round(p.result.per_second / pgbench.per_second, 3),
          'RSS peak MB': p.rss_peak_mb ?? '—',
        })),
      ]),
      '',
      cpuTable(phases.slice(1).map((p) => [p.what, p.result.cpu])),
      '',
      checksTable(checks),
      '',
      `floor: ${floorRun.result.per_second}/s`,
    ].join('\n');
    await publish(
      `recording-${label}`,
      {
        benchmark: 'recording',
        label,
        at: new Date().toISOString(),
        machine: host,
        postgres,
        service: serviceBuild(),
        settings: {
          connections,
          catalog_connections: settings.catalogConnections,
          agents: settings.agents,
          tools: settings.tools,
          warmup_s: settings.warmupSeconds,
          seconds: settings.seconds,
        },
        pgbench: { ...pgbench, load_before: pgLoad },
        phases,
        ratio,
        hot_ratio: hotRatio,
        checks,
      },
      markdown,
    );
  } finally {
    await db.drop();
    log(`dropped ${db.name}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
