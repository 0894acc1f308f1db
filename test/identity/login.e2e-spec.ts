import { createTestEnv, type RunningApp, type TestEnv } from '../support/app';
import { call, OWNER } from '../support/http';

describe('member sign-in', () => {
  let env: TestEnv;
  let api: RunningApp;

  beforeAll(async () => {
    env = await createTestEnv();
    api = await env.start();
  });
  afterAll(() => env.close());

  it('signs the bootstrap owner in with a short-lived HS256 token scoped to the org', async () => {
    const res = await call(api.url, 'POST', '/api/auth/login', { body: OWNER });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_type: 'Bearer', role: 'owner', expires_in: 900 });
    const [header, payload] = (res.body.access_token as string)
      .split('.')
      .slice(0, 2)
      .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()));
    expect(header.alg).toBe('HS256');
    expect(payload).toMatchObject({
      iss: 'keyledger',
      aud: 'keyledger-api',
      org: res.body.org_id,
      role: 'owner',
    });
    expect(payload.exp - payload.iat).toBe(900);
  });

  it('answers 401 without saying which part was wrong, and records both outcomes', async () => {
    const wrongPassword = await call(api.url, 'POST', '/api/auth/login', {
      body: { email: OWNER.email, password: 'not the password' },
    });
    const unknownEmail = await call(api.url, 'POST', '/api/auth/login', {
      body: { email: 'nobody@example.com', password: OWNER.password },
    });
    for (const res of [wrongPassword, unknownEmail]) {
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(res.body.detail).toBe('the email or password is not correct');
    }
    const admin = await env.db.admin();
    const { rows } = await admin.query(
      `SELECT type, data, metadata FROM events WHERE type LIKE 'MemberLogin%' ORDER BY position`,
    );
    expect(rows.map((r) => r.type)).toEqual(
      expect.arrayContaining(['MemberLoginSucceeded', 'MemberLoginFailed', 'MemberLoginFailed']),
    );
    const failures = rows.filter((r) => r.type === 'MemberLoginFailed');
    expect(failures.map((r) => r.data.reason).sort()).toEqual(['unknown_email', 'wrong_password']);
    expect(JSON.stringify(rows)).not.toContain(OWNER.password);
    expect(JSON.stringify(rows)).not.toContain('not the password');
    expect(failures[0].metadata.ip).toBe('127.0.0.1');
  });

  it('rejects unknown fields and missing ones with a validation problem', async () => {
    const res = await call(api.url, 'POST', '/api/auth/login', { body: { email: OWNER.email, admin: true } });
    expect(res.status).toBe(400);
    const fields = new Set(res.body.errors.map((e: { field: string }) => e.field));
    expect([...fields].sort()).toEqual(['admin', 'password']);
  });
});
