import { createTestEnv, type RunningApp, type TestEnv } from '../support/app';
import { call } from '../support/http';
import { addTool, adminSession, agentClient, registerAgent } from '../support/story';

/** Redis is part of the machine (DESIGN.md); REDIS_URL points elsewhere when set. */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('rate limits', () => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await createTestEnv();
  });
  afterAll(() => env.close());

  it('puts X-RateLimit-* on agent responses and answers 429 with Retry-After past the tier', async () => {
    const api = await env.start({ KEYLEDGER_RATE_READ: '3/1m' });
    const { admin } = await adminSession(api);
    const agent = agentClient(api, (await registerAgent(admin, 'Chatty')).key);
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof agent>> | undefined;
    for (let i = 0; i < 4; i++) {
      last = await agent('GET', '/api/tools');
      statuses.push(last.status);
      if (last.status === 200) {
        expect(last?.headers.get('x-ratelimit-limit')).toBe('3');
        expect(Number(last?.headers.get('x-ratelimit-remaining'))).toBe(2 - i);
        expect(Number(last?.headers.get('x-ratelimit-reset'))).toBeGreaterThan(0);
      }
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(last?.headers.get('content-type')).toMatch(/problem\+json/);
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(last?.headers.get('x-ratelimit-remaining')).toBe('0');
    // Another agent has its own budget.
    const other = agentClient(api, (await registerAgent(admin, 'Quiet')).key);
    expect((await other('GET', '/api/tools')).status).toBe(200);
    await api.close();
  });

  it('shares one budget between two instances through Redis', async () => {
    const shared = { KEYLEDGER_RATE_READ: '4/1m', REDIS_URL };
    const a = await env.start(shared);
    const b = await env.start(shared);
    const { admin } = await adminSession(a);
    const { key } = await registerAgent(admin, `Roamer-${Date.now()}`);
    const hit = (api: RunningApp) => call(api.url, 'GET', '/api/tools', { token: key });
    const statuses = [];
    for (const api of [a, b, a, b, a, b]) statuses.push((await hit(api)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
  });

  it('limits sign-in attempts per IP and email', async () => {
    const api = await env.start({ KEYLEDGER_RATE_LOGIN: '2/15m' });
    const attempt = () =>
      call(api.url, 'POST', '/api/auth/login', { body: { email: 'owner@example.com', password: 'guess' } });
    expect((await attempt()).status).toBe(401);
    expect((await attempt()).status).toBe(401);
    const third = await attempt();
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).not.toBeNull();
  });
});

// Issue 13, finding 3: each tier counts and blocks on its own, in both stores. A blocked tier
// used to freeze the caller's other tiers (in-process counters shared one record per caller).
describe.each([
  ['in-process counters', {}],
  ['Redis', { REDIS_URL }],
])('rate tiers are independent with %s', (_store, store: Record<string, string>) => {
  // A database per test: Redis counters outlive an instance, and each test counts from zero.
  let env: TestEnv;

  beforeEach(async () => {
    env = await createTestEnv();
  });
  afterEach(() => env.close());

  it('a blocked request tier leaves the credential tier counting and blocking', async () => {
    const api = await env.start({
      ...store,
      KEYLEDGER_RATE_REQUEST: '1/1h',
      KEYLEDGER_RATE_CREDENTIAL: '3/1m',
    });
    const { admin } = await adminSession(api);
    const tool = await addTool(admin);
    const agent = agentClient(api, (await registerAgent(admin, `Hoarder-${Date.now()}`)).key);
    const asked = await agent('POST', `/api/tools/${tool.id}/request`, { reason: 'nightly sync job' });
    expect(asked.status).toBe(201);
    expect(
      (await agent('POST', `/api/tools/${tool.id}/request`, { reason: 'nightly sync job' })).status,
    ).toBe(429);
    expect((await admin('POST', `/api/admin/requests/${asked.body.request_id}/approve`, {})).status).toBe(
      200,
    );

    const seen: Array<[number, string | null]> = [];
    for (let i = 0; i < 5; i++) {
      const res = await agent('GET', `/api/tools/${tool.id}/credentials`);
      seen.push([res.status, res.headers.get('x-ratelimit-remaining')]);
    }
    expect(seen).toEqual([
      [200, '2'],
      [200, '1'],
      [200, '0'],
      [429, '0'],
      [429, '0'],
    ]);
    await api.close();
  });

  it("a blocked read tier leaves a member's admin tier counting and blocking", async () => {
    const api = await env.start({ ...store, KEYLEDGER_RATE_READ: '2/1m', KEYLEDGER_RATE_ADMIN: '2/1m' });
    const { token } = await adminSession(api);
    const admin = (method: string, path: string, body?: unknown) =>
      call(api.url, method, path, { token, body });
    // adminSession's policy write spent one admin hit; this member's reads spend the read tier.
    const reads: number[] = [];
    for (let i = 0; i < 3; i++) reads.push((await admin('GET', '/api/admin/agents')).status);
    expect(reads).toEqual([200, 200, 429]);
    const first = await admin('POST', '/api/admin/agents', { name: 'Writer-One' });
    expect([first.status, first.headers.get('x-ratelimit-remaining')]).toEqual([201, '0']);
    const second = await admin('POST', '/api/admin/agents', { name: 'Writer-Two' });
    expect(second.status).toBe(429);
    await api.close();
  });
});

// Issue 13, finding 4: the pre-authentication tier counts the routed path, however it was spelled.
describe('preauth tier on the routed path', () => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await createTestEnv();
  });
  afterAll(() => env.close());

  it('counts /%61pi/tools as /api/tools', async () => {
    const api = await env.start({ KEYLEDGER_RATE_PREAUTH: '3/1m' });
    const statuses: number[] = [];
    for (const path of ['/%61pi/tools', '/%61%70%69/tools', '/api/tools', '/%61pi/tools']) {
      statuses.push((await call(api.url, 'GET', path)).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});
