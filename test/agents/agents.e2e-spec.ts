import { createTestEnv, type RunningApp, type TestEnv } from '../support/app';
import { eventually } from '../support/eventually';
import { call, loginAs } from '../support/http';

describe('agents and their keys', () => {
  let env: TestEnv;
  let api: RunningApp;
  let token: string;

  beforeAll(async () => {
    env = await createTestEnv();
    // Refusals are counted into one event per key and window (docs/adr/0013): a short one here.
    api = await env.start({ KEYLEDGER_REFUSAL_WINDOW_SECONDS: '1' });
    token = (await loginAs(api.url)).access_token;
  });
  afterAll(() => env.close());

  const admin = (method: string, path: string, body?: unknown) =>
    call(api.url, method, path, { token, body });
  const asAgent = (key: string) => call(api.url, 'GET', '/api/me', { token: key });

  it('registers an agent, shows its key exactly once, and the key works on /api/me', async () => {
    const created = await admin('POST', '/api/admin/agents', {
      name: 'Onboarding-Agent',
      description: 'sets up new hires',
    });
    expect(created.status).toBe(201);
    expect(created.body.api_key).toMatch(/^klk_[0-9A-Za-z]{49}$/);
    expect(created.body.agent).toMatchObject({ name: 'Onboarding-Agent', status: 'active' });
    expect(created.body.agent.keys).toHaveLength(1);
    expect(created.body.agent.keys[0].prefix).toBe(created.body.api_key.slice(0, 12));

    const id = created.body.agent.id as string;
    const key = created.body.api_key as string;
    const me = await asAgent(key);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id, name: 'Onboarding-Agent' });

    // No later response carries the key again.
    const list = await admin('GET', '/api/admin/agents');
    const one = await admin('GET', `/api/admin/agents/${id}`);
    const onboarding = await admin('GET', `/api/admin/agents/${id}/onboarding`);
    for (const res of [list, one, onboarding]) {
      expect(res.status).toBe(200);
      expect(res.text).not.toContain(key);
      expect(res.text).not.toContain(key.slice(12));
    }
    expect(list.body.agents.map((a: { id: string }) => a.id)).toContain(id);
    expect(onboarding.headers.get('content-type')).toMatch(/text\/markdown/);
    expect(onboarding.text).toContain('Authorization: Bearer');
    expect(onboarding.text).toContain(`${api.url}/api/tools`);
  });

  it('renames an agent and answers 404 for an unknown one', async () => {
    const { body } = await admin('POST', '/api/admin/agents', { name: 'Scout' });
    const renamed = await admin('PATCH', `/api/admin/agents/${body.agent.id}`, { name: 'Scout II' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.agent.name).toBe('Scout II');
    const missing = await admin('GET', '/api/admin/agents/00000000-0000-0000-0000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/problem\+json/);
    const unknownField = await admin('PATCH', `/api/admin/agents/${body.agent.id}`, {
      name: 'x',
      god_mode: true,
    });
    expect(unknownField.status).toBe(400);
  });

  it('answers 401 for missing, forged, truncated, checksum-broken and revoked keys', async () => {
    const { body } = await admin('POST', '/api/admin/agents', { name: 'Keys' });
    const key = body.api_key as string;
    const flip = (c: string) => (c === 'a' ? 'b' : 'a');
    const typo = key.slice(0, 20) + flip(key[20]) + key.slice(21);
    const forged = 'klk_' + 'A'.repeat(49);
    const cases: Array<[string, string | undefined]> = [
      ['missing', undefined],
      ['forged', forged],
      ['truncated', key.slice(0, -3)],
      ['checksum-broken', typo],
      ['not a keyledger key', 'sk_live_123'],
    ];
    for (const [, candidate] of cases) {
      const res = await call(api.url, 'GET', '/api/me', { token: candidate });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    }

    const second = await admin('POST', `/api/admin/agents/${body.agent.id}/keys`);
    expect(second.status).toBe(201);
    const newKey = second.body.api_key as string;
    expect((await asAgent(newKey)).status).toBe(200);
    const keyPath = `/api/admin/agents/${body.agent.id}/keys/${body.agent.keys[0].id}`;
    // The optional body is validated like any other: a bad one changes nothing.
    expect((await admin('DELETE', keyPath, { reason: 42 })).status).toBe(400);
    expect((await admin('DELETE', keyPath, { reason: 'leaked', extra: true })).status).toBe(400);
    expect((await asAgent(key)).status).toBe(200);
    const revoked = await admin('DELETE', keyPath);
    expect(revoked.status).toBe(200);
    expect((await asAgent(key)).status).toBe(401); // at once
    expect((await asAgent(newKey)).status).toBe(200); // the overlap key still works
  });

  it('refuses a suspended agent with 403, records it, and lets it back after reactivation', async () => {
    const { body } = await admin('POST', '/api/admin/agents', { name: 'Suspect' });
    const key = body.api_key as string;
    const suspended = await admin('POST', `/api/admin/agents/${body.agent.id}/suspend`, {
      reason: 'key seen in a public gist',
    });
    expect(suspended.status).toBe(200);
    expect(suspended.body.agent).toMatchObject({
      status: 'suspended',
      suspended_reason: 'key seen in a public gist',
    });

    const refused = await asAgent(key);
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toMatch(/suspended.*admin/);
    const db = await env.db.admin();
    const history = async () =>
      (
        await db.query(
          `SELECT type, data, metadata FROM events WHERE stream_id = $1 ORDER BY stream_version`,
          [`agent-${body.agent.id}`],
        )
      ).rows;
    const types = ['AgentRegistered', 'AgentKeyIssued', 'AgentSuspended', 'AgentRequestsRefused'];
    expect(await eventually(async () => (await history()).map((r) => r.type), types, 10_000)).toEqual(types);
    const rows = await history();
    expect(rows[3].data).toMatchObject({ reason: 'suspended', count: 1, requests: ['GET /api/me'] });
    expect(rows[3].metadata.actor).toMatchObject({ type: 'agent', id: body.agent.id });
    expect(rows[2].metadata.actor.type).toBe('member');

    const again = await admin('POST', `/api/admin/agents/${body.agent.id}/suspend`, { reason: 'twice' });
    expect(again.status).toBe(409);
    const back = await admin('POST', `/api/admin/agents/${body.agent.id}/reactivate`, {
      reason: 'key rotated',
    });
    expect(back.status).toBe(200);
    expect((await asAgent(key)).status).toBe(200);
  });

  it('refuses agent keys on admin routes and member tokens on agent routes', async () => {
    const { body } = await admin('POST', '/api/admin/agents', { name: 'Climber' });
    expect((await call(api.url, 'GET', '/api/admin/agents', { token: body.api_key })).status).toBe(401);
    expect((await call(api.url, 'GET', '/api/me', { token })).status).toBe(401);
  });
});
