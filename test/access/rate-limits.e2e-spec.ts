import { createTestEnv, type RunningApp, type TestEnv } from '../support/app';
import { call } from '../support/http';
import { adminSession, agentClient, registerAgent } from '../support/story';

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
