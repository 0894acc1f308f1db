/**
 * Credential fetch under load against the raw single-row insert rate of the same PostgreSQL,
 * at the same concurrency, in the same run (DESIGN.md, "Numbers to reach"). See bench/README.md.
 *
 *   npm run build && npx ts-node --transpile-only bench/credential-fetch.ts
 */
import { CpuMeter, waitForQuiet } from './lib/cpu';
import { createBenchDatabase, serverVersion } from './lib/database';
import { settings } from './lib/env';
import { JsonClient } from './lib/http';
import { runLoad } from './lib/load';
import { runWrk } from './lib/wrk';
import { pgbenchInsertRate, rawInsertRate } from './lib/raw-insert';
import { type Check, checksTable, cpuTable, log, machine, markdownTable, publish } from './lib/report';
import { addTool, approvedAgents, login } from './lib/seed';
import { serviceBuild, startService } from './lib/service';
import { round } from './lib/stats';

async function main(): Promise<void> {
  const { connections } = settings;
  const host = { ...machine(), busy_pct_before: await waitForQuiet(log) };
  const db = await createBenchDatabase(settings.adminUrl);
  log(`database ${db.name}`);
  try {
    const postgres = await serverVersion(db.url);
    log(`raw insert baseline: ${connections} connections, ${settings.rawSeconds} s`);
    const raw = await rawInsertRate(
      db.url,
      db.name,
      connections,
      settings.warmupSeconds,
      settings.rawSeconds,
    );
    const pgbench = settings.pgbench
      ? await pgbenchInsertRate(db.url, connections, settings.rawSeconds).catch((error: Error) => {
          log(`pgbench check skipped: ${error.message.split('\n')[0]}`);
          return null;
        })
      : null;

    const service = await startService(db.url, settings.cpuProfDir);
    log(`service pid ${service.pid} at ${service.url}`);
    const api = new JsonClient(service.url);
    let load;
    let rss;
    try {
      const admin = await login(api);
      const toolId = await addTool(api, admin, 'Bench GitHub');
      log(`seeding ${settings.agents} approved agents`);
      const keys = await approvedAgents(api, admin, toolId, settings.agents);
      log(
        `vend load: ${connections} connections, warm-up ${settings.warmupSeconds} s, ${settings.seconds} s`,
      );
      service.rss.resetPeak();
      const path = `/api/tools/${toolId}/credentials`;
      const cpu = new CpuMeter(db.name, service.pid);
      load =
        settings.loadGenerator === 'wrk'
          ? await runWrk({ ...settings, url: service.url + path, keys, cpu })
          : await runLoad({
              ...settings,
              base: service.url,
              next: (n) => ({ path, token: keys[n % keys.length] }),
              expectStatus: 200,
              cpu,
            });
      rss = { peak_during_load_mb: service.rss.peakMb };
    } finally {
      api.close();
      await service.stop();
    }

    const ratio = round(load.per_second / raw.per_second, 3);
    const checks: Check[] = [
      {
        what: 'vend rate / raw insert rate',
        target: '≥ 0.5',
        measured: `${ratio} (${load.per_second} / ${raw.per_second} per s)`,
        met: ratio >= 0.5,
      },
      {
        what: `vend p99 at ${connections} connections`,
        target: '≤ 20 ms',
        measured: `${load.latency_ms.p99} ms`,
        met: load.latency_ms.p99 <= 20,
      },
      { what: 'errors', target: '0', measured: String(load.errors), met: load.errors === 0 },
      {
        what: 'service RSS peak',
        target: '≤ 300 MB',
        measured: `${rss.peak_during_load_mb} MB`,
        met: rss.peak_during_load_mb <= 300,
      },
    ];
    const row = (
      what: string,
      r: { per_second: number; latency_ms: { p50: number; p99: number } },
      errors: number,
    ) => ({
      what,
      'per s': r.per_second,
      'p50 ms': r.latency_ms.p50,
      'p99 ms': r.latency_ms.p99,
      errors,
    });
    const markdown = [
      markdownTable([
        row(`raw INSERT, node-pg, ${connections} conn`, raw, raw.errors),
        ...(pgbench ? [row(`raw INSERT, pgbench, ${connections} conn`, pgbench, pgbench.errors)] : []),
        row(
          `GET …/credentials, ${connections} conn, ${settings.agents} agents (${settings.loadGenerator})`,
          load,
          load.errors,
        ),
      ]),
      '',
      cpuTable([
        ['raw INSERT, node-pg', raw.cpu],
        ['GET …/credentials', load.cpu],
      ]),
      '',
      checksTable(checks),
    ].join('\n');
    await publish(
      settings.loadGenerator === 'wrk' ? 'credential-fetch-wrk' : 'credential-fetch',
      {
        benchmark: 'credential-fetch',
        at: new Date().toISOString(),
        machine: host,
        postgres,
        service: serviceBuild(),
        settings: {
          connections,
          load_generator: settings.loadGenerator,
          agents: settings.agents,
          warmup_s: settings.warmupSeconds,
          seconds: settings.seconds,
        },
        raw_insert: raw,
        raw_insert_pgbench: pgbench,
        vend: load,
        ratio,
        ratio_vs_pgbench: pgbench ? round(load.per_second / pgbench.per_second, 3) : null,
        rss,
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
