import { signInNewMember } from '../catalog/members';
import { createTestEnv, type RunningApp, type TestEnv } from '../support/app';
import { call } from '../support/http';
import { ROOMY_RATES } from '../support/members';
import { addTool, adminSession, agentClient, registerAgent } from '../support/story';

jest.setTimeout(60_000);

const MARKER = 'never-echo-this-0123456789';

/**
 * Issue 13, finding 12: the agent's own secret given at approval of a per-agent tool is
 * validated exactly like a tool's secret (one definition, CredentialField), and a refused one
 * changes nothing: the request stays pending, no secret version and no event is written.
 */
describe('per-agent credentials given at approval', () => {
  let env: TestEnv;
  let api: RunningApp;

  beforeAll(async () => {
    env = await createTestEnv();
    // Each case signs the owner and an approver in: more than the default login tier allows.
    api = await env.start(ROOMY_RATES);
  });
  afterAll(() => env.close());

  it.each([
    ['an empty string', ''],
    ['an empty object', {}],
    ['a nested object', { token: { value: MARKER } }],
    ['a number', 42],
    ['a boolean', true],
    ['null', null],
    ['an array', [MARKER]],
    ['an object holding a number', { token: MARKER, port: 443 }],
    ['an object holding an empty string', { token: '' }],
    ['an object with an unsafe key', { 'bad key!': MARKER }],
    ['an overlong string', 'x'.repeat(16_385)],
  ])('refuses %s as the credential and changes nothing', async (_case, credential) => {
    const { admin, orgId } = await adminSession(api);
    const tool = await addTool(admin, { credential_mode: 'per_agent', credential: undefined });
    const agent = await registerAgent(admin, 'Per-Agent');
    const asked = await agentClient(api, agent.key)('POST', `/api/tools/${tool.id}/request`, {
      reason: 'reconcile my own payouts',
    });
    expect(asked.status).toBe(201);
    const approver = await signInNewMember(api, 'approver', orgId);
    const approve = (body: unknown) =>
      call(api.url, 'POST', `/api/admin/requests/${asked.body.request_id}/approve`, {
        token: approver.access_token,
        body,
      });

    const refused = await approve({ credential });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual(['credential']);
    expect(refused.text).not.toContain(MARKER);

    const db = await env.db.admin();
    const versions = await db.query('SELECT 1 FROM secret_versions WHERE tool_id = $1', [tool.id]);
    expect(versions.rowCount).toBe(0);
    const trail = await db.query('SELECT type FROM events WHERE stream_id = $1 ORDER BY stream_version', [
      `access-${asked.body.request_id}`,
    ]);
    expect(trail.rows.map((r) => r.type)).toEqual(['AccessRequested']);
    const toolEvents = await db.query(`SELECT type FROM events WHERE stream_id = $1`, [`tool-${tool.id}`]);
    expect(toolEvents.rows.map((r) => r.type)).not.toContain('ToolSecretRotated');

    // A credential of the accepted shapes still approves, and the agent fetches exactly it.
    const approved = await approve({ credential: { username: 'bot', password: 'agent-own-secret-1' } });
    expect(approved.status).toBe(200);
    const vend = await agentClient(api, agent.key)('GET', `/api/tools/${tool.id}/credentials`);
    expect(vend.status).toBe(200);
    expect(vend.body.credential).toEqual({ username: 'bot', password: 'agent-own-secret-1' });
  });
});
