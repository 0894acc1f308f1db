/**
 * The agent's catalog listing (GET /api/tools) with 1,000 tools seeded through the admin API
 * (DESIGN.md: p99 ≤ 10 ms). See bench/README.md.
 *
 *   npm run build && npx ts-node --transpile-only bench/catalog-listing.ts
 */
import { CpuMeter, waitForQuiet } from './lib/cpu';
import { createBenchDatabase, serverVersion } from './lib/database';
import { settings } from './lib/env';
import { JsonClient } from './lib/http';
import { runLoad } from './lib/load';
import { type Check, checksTable, cpuTable, log, machine, markdownTable, publish } from './lib/report';
import { addTool, grantAccess, login, mapLimit, registerAgent } from './lib/seed';
import { serviceBuild, startService } from './lib/service';

const AGENTS = 8;

async function main(): Promise<void> {
  const connections = settings.catalogConnections;
  const host = { ...machine(), busy_pct_before: await waitForQuiet(log) };
  const db = await createBenchDatabase(settings.adminUrl);
  log(`database ${db.name}`);
  try {
    const postgres = await serverVersion(db.url);
    const service = await startService(db.url, settings.cpuProfDir);
    const api = new JsonClient(service.url);
    let load;
    let rssPeak;
    try {
      const admin = await login(api);
      log(`seeding ${settings.tools} tools (8 at a time)`);
      const names = Array.from(
        { length: settings.tools },
        (_, i) => `Bench tool ${String(i).padStart(4, '0')}`,
      );
      const tools = await mapLimit(names, 8, (name) => addTool(api, admin, name));
      // Each agent holds grants on a few tools, so the listing carries a mix of access states.
      const keys = await mapLimit(
        Array.from({ length: AGENTS }, (_, i) => `bench-agent-${i}`),
        8,
        async (name, i) => {
          const key = await registerAgent(api, admin, name);
          for (const tool of tools.slice(i * 5, i * 5 + 5)) await grantAccess(api, admin, key, tool);
          return key;
        },
      );
      log(
        `catalog load: ${connections} connections, warm-up ${settings.warmupSeconds} s, ${settings.seconds} s`,
      );
      service.rss.resetPeak();
      load = await runLoad({
        base: service.url,
        connections,
        warmupSeconds: settings.warmupSeconds,
        seconds: settings.seconds,
        next: (n) => ({ path: '/api/tools', token: keys[n % keys.length] }),
        expectStatus: 200,
        cpu: new CpuMeter(db.name, service.pid),
      });
      rssPeak = service.rss.peakMb;
    } finally {
      api.close();
      await service.stop();
    }
    const checks: Check[] = [
      {
        what: `catalog p99, ${settings.tools} tools, ${connections} connections`,
        target: '≤ 10 ms',
        measured: `${load.latency_ms.p99} ms`,
        met: load.latency_ms.p99 <= 10,
      },
      { what: 'errors', target: '0', measured: String(load.errors), met: load.errors === 0 },
      { what: 'service RSS peak', target: '≤ 300 MB', measured: `${rssPeak} MB`, met: rssPeak <= 300 },
    ];
    const markdown = [
      markdownTable([
        {
          what: `GET /api/tools, ${settings.tools} tools, ${connections} conn`,
          'per s': load.per_second,
          'p50 ms': load.latency_ms.p50,
          'p99 ms': load.latency_ms.p99,
          'KB per response': Math.round(load.bytes_per_response / 1024),
          errors: load.errors,
        },
      ]),
      '',
      cpuTable([['GET /api/tools', load.cpu]]),
      '',
      checksTable(checks),
    ].join('\n');
    await publish(
      'catalog-listing',
      {
        benchmark: 'catalog-listing',
        at: new Date().toISOString(),
        machine: host,
        postgres,
        service: serviceBuild(),
        settings: {
          connections,
          tools: settings.tools,
          agents: AGENTS,
          warmup_s: settings.warmupSeconds,
          seconds: settings.seconds,
        },
        listing: load,
        rss: { peak_during_load_mb: rssPeak },
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
