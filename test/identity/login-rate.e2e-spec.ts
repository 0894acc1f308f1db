import { createTestEnv, type RunningApp, type TestEnv } from '../support/app';
import { call } from '../support/http';

// jest.config.js sets testTimeout per project, where Jest ignores it; start-up can take
// longer than Jest's default 5 s on a busy machine.
jest.setTimeout(60_000);

/**
 * The `login` tier counts per client IP and per email (DESIGN.md rate tiers). The service
 * trusts X-Forwarded-For (it runs behind a proxy), which lets this test speak from several IPs.
 */
describe('login rate tier', () => {
  let env: TestEnv;
  let api: RunningApp;
  const attempt = (email: string, ip: string) =>
    call(api.url, 'POST', '/api/auth/login', {
      body: { email, password: 'a wrong guess' },
      headers: { 'x-forwarded-for': ip },
    });

  beforeAll(async () => {
    env = await createTestEnv();
    api = await env.start({ KEYLEDGER_RATE_LOGIN: '3/15m', KEYLEDGER_TRUST_PROXY: 'loopback' });
  });
  afterAll(() => env.close());

  it('limits one IP trying many emails', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await attempt(`spray-${i}@example.com`, '203.0.113.1')).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    // Another IP, another email: its own budgets.
    expect((await attempt('someone@example.com', '203.0.113.2')).status).toBe(401);
  });

  it('limits many IPs trying one email, with Retry-After', async () => {
    const replies = [];
    for (let i = 0; i < 4; i++) replies.push(await attempt('victim@example.com', `198.51.100.${i + 1}`));
    expect(replies.map((r) => r.status)).toEqual([401, 401, 401, 429]);
    const refused = replies[3];
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.body.type).toMatch(/rate-limited/);
  });

  it('records refused attempts as counts, not as login events', async () => {
    const admin = await env.db.admin();
    const { rows } = await admin.query(
      `SELECT count(*)::int AS n FROM events WHERE type = 'MemberLoginFailed' AND data->>'email' = 'victim@example.com'`,
    );
    expect(rows[0].n).toBe(3);
  });
});
