import { agentCatalog } from '../../libs/access/src/agent-catalog/agent-catalog.read';
import { Database } from '../../libs/database/src/database';
import { createTestEnv, type RunningApp, type TestEnv } from '../support/app';
import { eventually } from '../support/eventually';
import { addTool, adminSession, agentClient, registerAgent } from '../support/story';

jest.setTimeout(60_000);

describe('the access story, end to end', () => {
  let env: TestEnv;
  let api: RunningApp;

  beforeAll(async () => {
    env = await createTestEnv();
    api = await env.start();
  });
  afterAll(() => env.close());

  it('none → pending → approved → vend → revoked → new request → denied → approved for 3 s → expired', async () => {
    const { admin } = await adminSession(api);
    const tool = await addTool(admin);
    const scout = await registerAgent(admin);
    const agent = agentClient(api, scout.key);
    const accessOf = async () => {
      const { body } = await agent('GET', '/api/tools');
      // The listing is JSON that PostgreSQL builds; the row view that GET /api/me and the MCP
      // tools read (agent-catalog.read.ts) must say the same in every state.
      const [{ org_id: orgId }] = await api.app
        .get(Database)
        .query<{ org_id: string }>('SELECT org_id FROM agents WHERE id = $1', [scout.id]);
      expect(body).toEqual({ tools: await agentCatalog(api.app.get(Database), orgId, scout.id) });
      return body.tools.find((t: { id: string }) => t.id === tool.id);
    };

    expect((await accessOf()).your_access).toBe('none');
    const denied0 = await agent('GET', `/api/tools/${tool.id}/credentials`);
    expect(denied0.status).toBe(403);
    expect(denied0.body.detail).toMatch(/request/);

    const asked = await agent('POST', `/api/tools/${tool.id}/request`, {
      reason: 'triage the nightly failures',
      duration_seconds: 3600,
    });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ status: 'pending' });
    const again = await agent('POST', `/api/tools/${tool.id}/request`, {
      reason: 'asking again while pending',
    });
    expect(again.body.request_id).toBe(asked.body.request_id);
    expect((await accessOf()).your_access).toBe('pending');
    expect((await agent('GET', `/api/tools/${tool.id}/credentials`)).status).toBe(403);

    const queue = await admin('GET', '/api/admin/requests');
    expect(queue.body.requests.map((r: { id: string }) => r.id)).toEqual([asked.body.request_id]);
    expect(queue.body.requests[0]).toMatchObject({
      agent_name: 'Scout',
      tool_name: tool.name,
      reason: 'triage the nightly failures',
    });
    const approved = await admin('POST', `/api/admin/requests/${asked.body.request_id}/approve`, {
      note: 'ok',
      duration_seconds: 1800,
    });
    expect(approved.status).toBe(200);
    expect(approved.body.request.status).toBe('approved');
    expect((await accessOf()).your_access).toBe('approved');

    const vend = await agent('GET', `/api/tools/${tool.id}/credentials`);
    expect(vend.status).toBe(200);
    expect(vend.headers.get('cache-control')).toBe('no-store, private');
    expect(vend.body).toMatchObject({
      tool_id: tool.id,
      tool_name: tool.name,
      auth_type: 'bearer_token',
      credential: 'ghp_shared_secret_value_1234567890',
      secret_version: 1,
    });
    expect(vend.body.instructions).toContain('Authorization: Bearer');
    const expiresIn = (Date.parse(vend.body.expires_at) - Date.now()) / 1000;
    expect(expiresIn).toBeGreaterThan(1700);
    expect(expiresIn).toBeLessThanOrEqual(1800);

    const grants = await admin('GET', `/api/admin/grants?agent_id=${scout.id}`);
    expect(grants.body.grants).toHaveLength(1);
    const revoked = await admin('POST', `/api/admin/grants/${asked.body.request_id}/revoke`, {
      reason: 'rotating everything',
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body.grant.status).toBe('revoked');
    const afterRevoke = await agent('GET', `/api/tools/${tool.id}/credentials`);
    expect(afterRevoke.status).toBe(403);
    expect(afterRevoke.body.reason).toBe('revoked');
    expect(await accessOf()).toMatchObject({ your_access: 'revoked', denial_reason: 'rotating everything' });

    const second = await agent('POST', `/api/tools/${tool.id}/request`, {
      reason: 'need it again for the release',
    });
    expect(second.status).toBe(201);
    expect(second.body.request_id).not.toBe(asked.body.request_id);
    const deny = await admin('POST', `/api/admin/requests/${second.body.request_id}/deny`, {
      reason: 'use the read-only token',
    });
    expect(deny.status).toBe(200);
    expect(await accessOf()).toMatchObject({
      your_access: 'denied',
      denial_reason: 'use the read-only token',
    });
    const me = await agent('GET', '/api/me');
    expect(me.body.denied).toEqual([
      { tool_id: tool.id, name: tool.name, status: 'denied', reason: 'use the read-only token' },
    ]);

    const third = await agent('POST', `/api/tools/${tool.id}/request`, {
      reason: 'a short look only',
      duration_seconds: 3,
    });
    expect(third.body.request_id).not.toBe(second.body.request_id);
    // The approver may shorten, never lengthen, what the agent asked for.
    expect(
      (await admin('POST', `/api/admin/requests/${third.body.request_id}/approve`, { duration_seconds: 120 }))
        .status,
    ).toBe(400);
    const ok = await admin('POST', `/api/admin/requests/${third.body.request_id}/approve`, {});
    expect(ok.status).toBe(200);
    expect((await agent('GET', `/api/tools/${tool.id}/credentials`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 3200));
    const late = await agent('GET', `/api/tools/${tool.id}/credentials`);
    expect(late.status).toBe(403);
    expect(late.body.reason).toBe('expired');
    expect((await accessOf()).your_access).toBe('expired');

    const db = await env.db.admin();
    // The expiry sweep records what the clock decided (it runs every second).
    const recorded = await eventually(
      async () => (await db.query(`SELECT 1 FROM events WHERE type = 'GrantExpired'`)).rowCount,
      1,
    );
    expect(recorded).toBe(1);
    const { rows } = await db.query(
      `SELECT stream_id, type, data->>'reason' AS reason FROM events
       WHERE stream_id LIKE 'access-%' OR type = 'CredentialDenied' ORDER BY position`,
    );
    const trail = rows.map((r) => (r.type === 'CredentialDenied' ? `${r.type}:${r.reason}` : r.type));
    // The late fetch and the expiry sweep race (both are after the expiry); either order is right.
    const tail = trail.splice(-2).sort();
    expect(tail).toEqual(['CredentialDenied:expired', 'GrantExpired']);
    expect(trail).toEqual([
      'CredentialDenied:no_grant',
      'AccessRequested',
      'CredentialDenied:pending',
      'AccessApproved',
      'CredentialVended',
      'GrantRevoked',
      'CredentialDenied:revoked',
      'AccessRequested',
      'AccessDenied',
      'AccessRequested',
      'AccessApproved',
      'CredentialVended',
    ]);
    // A new request after expiry opens a new stream again.
    const fourth = await agent('POST', `/api/tools/${tool.id}/request`, { reason: 'back for more' });
    expect(fourth.status).toBe(201);
    expect(fourth.body.request_id).not.toBe(third.body.request_id);
  });
});
