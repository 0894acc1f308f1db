import { createTestEnv, type RunningApp, type TestEnv } from '../support/app';
import { call } from '../support/http';
import { addTool, adminSession, agentClient, registerAgent } from '../support/story';
import { allEvents, caughtUp } from './audit-support';

jest.setTimeout(120_000);

/** What the console's activity views read: newest first, counts for charts, names. */
describe('reading the audit trail as people do', () => {
  let env: TestEnv;
  let api: RunningApp;
  let token: string;
  let admin: Awaited<ReturnType<typeof adminSession>>['admin'];
  let toolId: string;
  let agentId: string;

  beforeAll(async () => {
    env = await createTestEnv();
    api = await env.start();
    ({ token, admin } = await adminSession(api));
    const tool = await addTool(admin, { name: 'Stripe' });
    toolId = tool.id;
    const agent = await registerAgent(admin, 'billing-reconciler');
    agentId = agent.id;
    const ask = agentClient(api, agent.key);
    const grant = (await ask('POST', `/api/tools/${tool.id}/request`, { reason: 'reconcile payouts' })).body
      .request_id as string;
    // Refused before approval: a denial.
    expect((await ask('GET', `/api/tools/${tool.id}/credentials`)).status).toBe(403);
    expect((await admin('POST', `/api/admin/requests/${grant}/approve`, {})).status).toBe(200);
    for (let i = 0; i < 3; i++)
      expect((await ask('GET', `/api/tools/${tool.id}/credentials`)).status).toBe(200);
    // Renamed later: exports carry the current name.
    expect(
      (await admin('PATCH', `/api/admin/agents/${agent.id}`, { name: 'billing-reconciler-2' })).status,
    ).toBe(200);
    await caughtUp(api);
  });
  afterAll(() => env.close());

  it('pages newest first with order=desc: the same events as oldest first, reversed', async () => {
    const oldestFirst = await allEvents(api, token, '');
    const newestFirst = await allEvents(api, token, 'order=desc', 3);
    expect(newestFirst.map((e) => e.position)).toEqual(oldestFirst.map((e) => e.position).reverse());
    const fetches = await allEvents(api, token, `order=desc&type=CredentialVended&tool_id=${toolId}`, 2);
    expect(fetches).toHaveLength(3);
    expect(Date.parse(fetches[0].occurred_at)).toBeGreaterThanOrEqual(Date.parse(fetches[2].occurred_at));
    const bad = await call(api.url, 'GET', '/api/audit/events?order=sideways', { token });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('order');
  });

  it('counts fetches and denials per bucket, tool and agent', async () => {
    const res = await call(api.url, 'GET', '/api/audit/activity?bucket=hour', { token });
    expect(res.status).toBe(200);
    expect(res.body.bucket).toBe('hour');
    const mine = res.body.counts.filter((c: { agent_id: string }) => c.agent_id === agentId);
    const sum = (k: 'fetches' | 'denials') => mine.reduce((n: number, c: any) => n + c[k], 0);
    expect(sum('fetches')).toBe(3);
    expect(sum('denials')).toBe(1);
    expect(mine.every((c: { tool_id: string }) => c.tool_id === toolId)).toBe(true);
    expect(mine[0].bucket_start).toMatch(/^\d{4}-\d\d-\d\dT\d\d:00:00Z$/);
    // An empty window, and windows the API refuses.
    const old = await call(
      api.url,
      'GET',
      '/api/audit/activity?from=2020-01-01T00:00:00Z&to=2020-01-02T00:00:00Z',
      {
        token,
      },
    );
    expect(old.body.counts).toEqual([]);
    const wide = await call(api.url, 'GET', '/api/audit/activity?bucket=hour&from=2020-01-01T00:00:00Z', {
      token,
    });
    expect(wide.status).toBe(400);
    expect(wide.headers.get('content-type')).toMatch(/problem\+json/);
    const backwards = await call(
      api.url,
      'GET',
      '/api/audit/activity?from=2021-01-02T00:00:00Z&to=2021-01-01T00:00:00Z',
      { token },
    );
    expect(backwards.status).toBe(400);
  });

  it('exports the current names of agents and tools in CSV', async () => {
    const res = await call(api.url, 'GET', `/api/audit/export?format=csv&type=CredentialVended`, { token });
    const [header, ...rows] = res.text.trimEnd().split('\r\n');
    const cols = header.split(',');
    expect(rows).toHaveLength(3);
    const first = rows[0].split(',');
    expect(first[cols.indexOf('agent_name')]).toBe('"billing-reconciler-2"');
    expect(first[cols.indexOf('tool_name')]).toBe('"Stripe"');
  });

  it('is for auditors: a viewer is refused the activity counts', async () => {
    await admin('POST', '/api/admin/members', {
      email: 'v@example.com',
      password: 'viewer-password-123',
      role: 'viewer',
    });
    const login = await call(api.url, 'POST', '/api/auth/login', {
      body: { email: 'v@example.com', password: 'viewer-password-123' },
    });
    const res = await call(api.url, 'GET', '/api/audit/activity', { token: login.body.access_token });
    expect(res.status).toBe(403);
  });
});
