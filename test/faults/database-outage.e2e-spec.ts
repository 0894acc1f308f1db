import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { OWNER } from '../support/http';
import { assertBuilt, ROOT } from '../support/process';
import { runLoops, seedGrant, startService, type ServiceProcess, within } from './service-process';
import { TcpFaultProxy } from './tcp-fault-proxy';

jest.setTimeout(480_000);

interface Operation {
  method: string;
  path: string;
  auth: 'agent' | 'member' | 'none';
}

/** Every operation of the committed OpenAPI document, with its path parameters filled in. */
function operations(): Operation[] {
  const doc = JSON.parse(readFileSync(join(ROOT, 'docs/openapi.json'), 'utf8')) as {
    paths: Record<string, Record<string, { security?: Array<Record<string, unknown>> }>>;
  };
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => {
      const scheme = Object.keys(op.security?.[0] ?? {})[0];
      return {
        method: method.toUpperCase(),
        path: path.replace(/\{[^}]+\}/g, () => randomUUID()),
        auth: scheme === 'agent_key' ? 'agent' : scheme === 'member_jwt' ? 'member' : 'none',
      } satisfies Operation;
    }),
  );
}

/**
 * PostgreSQL goes away, stalls, and drops connections under load (issue 14, items 1–3): the service
 * stays up, answers 503 with Retry-After rather than 500 or nothing, and serves again by itself.
 * Faults come from a TCP proxy between the service and this test's own database, and from
 * pg_terminate_backend limited to that database: the machine's PostgreSQL is shared.
 */
describe('database outages', () => {
  let db: TestDatabase;
  let proxy: TcpFaultProxy;
  let service: ServiceProcess;
  let seed: { token: string; agentKey: string; toolId: string };

  const fetchCredential = (signal?: AbortSignal) =>
    fetch(`${service.url}/api/tools/${seed.toolId}/credentials`, {
      headers: { authorization: `Bearer ${seed.agentKey}` },
      signal,
    });
  const serves = async () => (await fetchCredential()).status === 200;
  const stillRunning = () => expect(service.child.exitCode ?? service.child.signalCode).toBeNull();

  beforeAll(async () => {
    assertBuilt();
    db = await createTestDatabase();
    const upstream = new URL(db.url);
    proxy = new TcpFaultProxy(upstream.hostname, Number(upstream.port || 5432));
    const port = await proxy.listen();
    service = await startService(TcpFaultProxy.route(db.url, port), {
      KEYLEDGER_DB_CONNECT_TIMEOUT_MS: '2000',
      KEYLEDGER_DB_STATEMENT_TIMEOUT_MS: '2000',
      KEYLEDGER_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '5000',
    });
    seed = await seedGrant(service.url);
  });

  afterEach(() => proxy?.restore());

  afterAll(async () => {
    await service?.dispose();
    await proxy?.close();
    await db?.drop();
  });

  it('answers 503 with Retry-After on every route while the database is unreachable, and recovers alone', async () => {
    expect(await serves()).toBe(true);
    proxy.down();

    const started = Date.now();
    const ready = await fetch(`${service.url}/ready`);
    expect(ready.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(5000); // at once, not after a connect timeout
    expect((await fetch(`${service.url}/health`)).status).toBe(200); // alive: no restart wanted

    const answers: string[] = [];
    for (const op of operations()) {
      const token = op.auth === 'agent' ? seed.agentKey : op.auth === 'member' ? seed.token : undefined;
      const res = await fetch(service.url + op.path, {
        method: op.method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(op.method === 'GET' || op.method === 'DELETE' ? {} : { 'content-type': 'application/json' }),
        },
        body:
          op.method === 'GET' || op.method === 'DELETE'
            ? undefined
            : JSON.stringify(op.auth === 'none' ? OWNER : {}),
      });
      const problem = res.headers.get('content-type')?.startsWith('application/problem+json');
      answers.push(
        `${op.method} ${op.path} ${res.status} retry-after=${res.headers.get('retry-after')} ${problem}`,
      );
    }
    // Authentication reads the database first, so every route, the login included, says 503.
    expect(answers.filter((a) => !/ 503 retry-after=\d+ true$/.test(a))).toEqual([]);

    const mcp = await fetch(`${service.url}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${seed.agentKey}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(mcp.status).toBe(503);
    expect(mcp.headers.get('retry-after')).toMatch(/^\d+$/);

    proxy.restore();
    expect(await within(10_000, serves)).not.toBeNull();
    expect((await fetch(`${service.url}/ready`)).status).toBe(200);
    stillRunning();
  });

  it('answers 503 within the configured bounds while the network to the database stalls', async () => {
    expect(await serves()).toBe(true);
    proxy.stall();
    // More requests than the pool has connections: the ones waiting for a connection are bounded too.
    const timed = async (request: () => Promise<Response>) => {
      const started = Date.now();
      const res = await request();
      await res.arrayBuffer();
      return { status: res.status, retryAfter: res.headers.get('retry-after'), ms: Date.now() - started };
    };
    const abort = AbortSignal.timeout(60_000);
    const answers = await Promise.all([
      ...Array.from({ length: 24 }, () => timed(() => fetchCredential(abort))),
      timed(() => fetch(`${service.url}/ready`, { signal: abort })),
    ]);
    proxy.restore();
    for (const answer of answers) {
      expect(answer).toEqual({
        status: 503,
        retryAfter: expect.stringMatching(/^\d+$/),
        ms: expect.any(Number),
      });
      // Connect bound 2 s, statement bound 2 s (+1 s for the network): far below the stall.
      expect(answer.ms).toBeLessThan(20_000);
    }
    expect(await within(10_000, serves)).not.toBeNull();
    stillRunning();
  });

  it('survives backends terminated under load, answering 200 or 503, and serves again at once', async () => {
    const admin = await db.admin();
    let storming = true;
    const load = runLoops(
      10,
      () => !storming,
      () => fetchCredential(),
    );
    await new Promise((r) => setTimeout(r, 1000));
    let terminated = 0;
    const stormEnds = Date.now() + 5000;
    while (Date.now() < stormEnds) {
      const { rows } = await admin.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM (
           SELECT pg_terminate_backend(pid) FROM pg_stat_activity
           WHERE datname = current_database() AND pid <> pg_backend_pid()) t`,
      );
      terminated += rows[0].n;
      await new Promise((r) => setTimeout(r, 100));
    }
    storming = false;
    const tally = await load;

    expect(terminated).toBeGreaterThan(10);
    stillRunning();
    expect(service.output()).not.toMatch(/Unhandled 'error' event/);
    // Nothing but a credential or an honest "try again": no 500, no dropped connection.
    expect(Object.keys(tally.statuses).filter((s) => s !== '200' && s !== '503')).toEqual([]);
    expect(await within(10_000, serves)).not.toBeNull();
  });
});
