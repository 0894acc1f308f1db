/**
 * Counts what one credential fetch and one catalog listing cost in database round trips, with
 * the service connected through a protocol-reading proxy (bench/lib/pg-proxy.ts).
 *
 *   npm run build && npx ts-node --transpile-only bench/vend-roundtrips.ts
 */
import { createBenchDatabase } from './lib/database';
import { settings } from './lib/env';
import { JsonClient } from './lib/http';
import { PgProxy, type Statement } from './lib/pg-proxy';
import { log, publish } from './lib/report';
import { addTool, approvedAgents, login } from './lib/seed';
import { startService } from './lib/service';
import { round } from './lib/stats';

const SEQUENTIAL = 200;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const squash = (sql: string) => sql.replace(/\s+/g, ' ').trim().slice(0, 120);

interface Seen {
  roundTrips: number;
  statements: Statement[];
}

/** What was sent while `work` ran; the quietest of `tries` (background jobs interleave). */
async function sentDuring(proxy: PgProxy, tries: number, work: () => Promise<unknown>): Promise<Seen> {
  let best: Seen | null = null;
  for (let i = 0; i < tries; i++) {
    const from = proxy.statements.length;
    const trips = proxy.roundTrips;
    await work();
    const seen = { roundTrips: proxy.roundTrips - trips, statements: proxy.statements.slice(from) };
    if (!best || seen.roundTrips < best.roundTrips) best = seen;
    await sleep(50);
  }
  return best!;
}

const listing = (seen: Seen) =>
  seen.statements.map(
    (s, i) =>
      `${i + 1}. \`${squash(s.text)}\`${s.name ? ` (prepared as ${s.name})` : ''}, connection ${s.connection}`,
  );

async function main(): Promise<void> {
  const db = await createBenchDatabase(settings.adminUrl);
  const proxy = new PgProxy(new URL(db.url));
  const viaProxy = new URL(db.url);
  viaProxy.host = `127.0.0.1:${await proxy.listen()}`;
  const service = await startService(viaProxy.toString(), null);
  const api = new JsonClient(service.url);
  try {
    const admin = await login(api);
    const toolId = await addTool(api, admin, 'Bench GitHub');
    const [key] = await approvedAgents(api, admin, toolId, 1);
    const vend = () => api.expect(200, 'GET', `/api/tools/${toolId}/credentials`, key);
    const list = () => api.expect(200, 'GET', '/api/tools', key);
    await vend();

    log('idle: background jobs only, 5 s');
    await sleep(1000);
    let before = proxy.roundTrips;
    await sleep(5000);
    const idlePerSecond = (proxy.roundTrips - before) / 5;

    log(`${SEQUENTIAL} sequential fetches`);
    before = proxy.roundTrips;
    const t0 = Date.now();
    for (let i = 0; i < SEQUENTIAL; i++) await vend();
    await sleep(1500); // let the sealer and the async projection catch up
    const seconds = (Date.now() - t0) / 1000;
    const perVend = (proxy.roundTrips - before - idlePerSecond * seconds) / SEQUENTIAL;

    const vended = await sentDuring(proxy, 20, vend);
    const listed = await sentDuring(proxy, 20, list);
    const summary = {
      benchmark: 'vend-roundtrips',
      at: new Date().toISOString(),
      round_trips_per_vend_in_request: vended.roundTrips,
      round_trips_per_vend_with_background: round(perVend, 2),
      background_round_trips_per_idle_second: round(idlePerSecond, 1),
      round_trips_per_catalog_listing: listed.roundTrips,
      vend_statements: vended.statements.map((s) => squash(s.text)),
      catalog_statements: listed.statements.map((s) => squash(s.text)),
    };
    const markdown = [
      `One credential fetch: ${vended.roundTrips} round trips in the request, ` +
        `${summary.round_trips_per_vend_with_background} including the background work it causes ` +
        `(sealer, async projections; idle background: ${summary.background_round_trips_per_idle_second}/s).`,
      '',
      ...listing(vended),
      '',
      `One catalog listing: ${listed.roundTrips} round trips.`,
      '',
      ...listing(listed),
    ].join('\n');
    await publish('vend-roundtrips', summary, markdown);
  } finally {
    api.close();
    await service.stop();
    await proxy.close();
    await db.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
