import { createTestEnv, type RunningApp, type TestEnv } from '../support/app';
import { eventually } from '../support/eventually';
import { OWNER } from '../support/http';
import { adminSession, registerAgent } from '../support/story';
import { freePort, PrivateRedis } from './private-redis';

/**
 * Issue 14, item 5 (docs/adr/0012): without Redis no request fails or hangs because of it. Each
 * tier counts per instance, /ready stays 200 and says so, and shared counting comes back by
 * itself. Faults are made on a redis-server of the test's own, never the machine's.
 */
const METRICS_TOKEN = 'redis-outage-metrics-token-0123';
// Generous: a hang would last forever (no command timeout); an answer comes within about 0.5 s.
const BOUND_MS = 10_000;

async function bounded(api: RunningApp, method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(api.url + path, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(BOUND_MS),
  });
  const text = await res.text();
  const json = /json/.test(res.headers.get('content-type') ?? '');
  return { status: res.status, text, body: json ? JSON.parse(text) : undefined };
}

const readiness = async (api: RunningApp) => {
  const res = await bounded(api, 'GET', '/ready');
  const { redis, rate_limits, degraded } = res.body as Record<string, unknown>;
  return { status: res.status, redis, rate_limits, degraded };
};
const SHARED = { status: 200, redis: 'ok', rate_limits: 'shared', degraded: false };
const PER_INSTANCE = { status: 200, redis: 'unavailable', rate_limits: 'per_instance', degraded: true };

describe('Redis outages', () => {
  let env: TestEnv;
  const servers: PrivateRedis[] = [];

  beforeAll(async () => {
    env = await createTestEnv();
  });
  afterAll(async () => {
    await env.close();
    for (const server of servers) await server.kill();
  });

  async function redisOnFreePort(start = true): Promise<PrivateRedis> {
    const server = new PrivateRedis(await freePort());
    servers.push(server);
    if (start) await server.start();
    return server;
  }

  async function startWith(redis: PrivateRedis) {
    const api = await env.start({
      REDIS_URL: redis.url,
      KEYLEDGER_RATE_READ: '3/1m',
      KEYLEDGER_RATE_LOGIN: '1000/1m',
      KEYLEDGER_METRICS_TOKEN: METRICS_TOKEN,
    });
    const { admin } = await adminSession(api);
    const agent = await registerAgent(admin, `Outage-${Math.random().toString(36).slice(2, 8)}`);
    return { api, agent };
  }

  const readCount = (redis: PrivateRedis, agentId: string) =>
    redis.read((r) => r.get(`keyledger:rl:read:agent:${agentId}`));

  it('a dead Redis: nothing answers 500, tiers count per instance, and sharing resumes by itself', async () => {
    const redis = await redisOnFreePort();
    const { api, agent } = await startWith(redis);
    expect(await readiness(api)).toEqual(SHARED);
    expect((await bounded(api, 'GET', '/api/tools', agent.key)).status).toBe(200);
    expect(await readCount(redis, agent.id)).toBe('1');

    await redis.kill();
    // Sign-in, the first route an operator needs during an incident, keeps working.
    expect(
      (await bounded(api, 'POST', '/api/auth/login', undefined, { ...OWNER, password: 'wrong' })).status,
    ).toBe(401);
    expect((await bounded(api, 'POST', '/api/auth/login', undefined, OWNER)).status).toBe(200);
    // The read tier (3/min) is still enforced, by this instance's own counters.
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await bounded(api, 'GET', '/api/tools', agent.key)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(await eventually(() => readiness(api), PER_INSTANCE)).toEqual(PER_INSTANCE);
    const metrics = await bounded(api, 'GET', '/metrics', METRICS_TOKEN);
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(/^keyledger_redis_up 0$/m);
    expect(metrics.text).toMatch(/^keyledger_rate_limit_fallback_total [1-9]\d*$/m);

    await redis.start();
    expect(await eventually(() => readiness(api), SHARED, 15_000)).toEqual(SHARED);
    expect((await bounded(api, 'GET', '/metrics', METRICS_TOKEN)).text).toMatch(/^keyledger_redis_up 1$/m);
    // Counted in Redis again: the restarted (empty) server holds this request's hit.
    expect((await bounded(api, 'GET', '/api/tools', agent.key)).status).toBe(200);
    expect(await readCount(redis, agent.id)).toBe('1');
  });

  it('a stalled Redis: requests and /ready answer within the command timeout, and recover when it wakes', async () => {
    const redis = await redisOnFreePort();
    const { api, agent } = await startWith(redis);
    expect(await readiness(api)).toEqual(SHARED);

    redis.stall();
    expect((await bounded(api, 'GET', '/api/tools', agent.key)).status).toBe(200);
    expect((await bounded(api, 'POST', '/api/auth/login', undefined, OWNER)).status).toBe(200);
    expect(await eventually(() => readiness(api), PER_INSTANCE)).toEqual(PER_INSTANCE);
    expect((await bounded(api, 'GET', '/api/tools', agent.key)).status).toBe(200);

    redis.resume();
    expect(await eventually(() => readiness(api), SHARED, 15_000)).toEqual(SHARED);
    const before = Number(await readCount(redis, agent.id));
    expect((await bounded(api, 'GET', '/api/tools', agent.key)).status).toBe(200);
    expect(Number(await readCount(redis, agent.id))).toBe(before + 1);
  });

  it('a Redis unreachable at start: the service starts, serves, says so, and shares once Redis is up', async () => {
    const redis = await redisOnFreePort(false);
    const { api, agent } = await startWith(redis);
    expect(await readiness(api)).toEqual(PER_INSTANCE);
    expect((await bounded(api, 'GET', '/api/tools', agent.key)).status).toBe(200);

    await redis.start();
    expect(await eventually(() => readiness(api), SHARED, 15_000)).toEqual(SHARED);
    expect((await bounded(api, 'GET', '/api/tools', agent.key)).status).toBe(200);
    expect(await readCount(redis, agent.id)).toBe('1');
  });
});
