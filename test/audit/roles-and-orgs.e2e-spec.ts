import type { Role } from '../../libs/identity/src/identity.events';
import { signInNewMember } from '../catalog/members';
import { createTestEnv, type RunningApp, type TestEnv } from '../support/app';
import { call, loginAs } from '../support/http';
import { addTool, adminSession, agentClient, registerAgent } from '../support/story';
import { allEvents, caughtUp } from './audit-support';

jest.setTimeout(60_000);

/** Every audit route, with the status an allowed role gets. */
const ROUTES: Array<[string, string, number]> = [
  ['GET', '/api/audit/events', 200],
  ['GET', '/api/audit/streams/org-x', 404], // allowed in, then no such stream in the org
  ['GET', '/api/audit/export', 200],
  ['GET', '/api/audit/verify', 200],
  ['GET', '/api/audit/checkpoints/latest', 200],
  ['POST', '/api/audit/checkpoints', 201],
  ['POST', '/api/audit/verifications', 202],
  ['GET', '/api/audit/verifications/00000000-0000-4000-8000-000000000000', 404], // allowed in, no such run
  ['GET', '/api/audit/access', 200],
  ['GET', '/api/audit/activity', 200],
];

describe('who may audit, and what they see', () => {
  let env: TestEnv;
  let api: RunningApp;

  beforeAll(async () => {
    env = await createTestEnv();
    api = await env.start();
  });
  afterAll(() => env.close());

  it('lets owner, admin and auditor in, and keeps approver, viewer and strangers out', async () => {
    const orgId = (await loginAs(api.url)).org_id;
    const tokens: Partial<Record<Role, string>> = { owner: (await adminSession(api)).token };
    for (const role of ['admin', 'approver', 'auditor', 'viewer'] as const) {
      tokens[role] = (await signInNewMember(api, role, orgId)).access_token;
    }
    for (const [method, path, allowed] of ROUTES) {
      const seen: Record<string, number> = {};
      for (const role of ['owner', 'admin', 'auditor', 'approver', 'viewer'] as const) {
        seen[role] = (await call(api.url, method, path, { token: tokens[role] })).status;
      }
      seen.anonymous = (await call(api.url, method, path)).status;
      expect([method, path, seen]).toEqual([
        method,
        path,
        { owner: allowed, admin: allowed, auditor: allowed, approver: 403, viewer: 403, anonymous: 401 },
      ]);
    }
    const doc = (await call(api.url, 'GET', '/api/openapi.json')).body;
    const ops = Object.values(doc.paths as Record<string, Record<string, any>>)
      .flatMap((p) => Object.values(p))
      .filter((op) => op.tags?.includes('audit'))
      .map((op) => [op.operationId, op['x-required-roles']]);
    expect(ops.sort()).toEqual(
      [
        'exportAuditEvents',
        'getAccessAt',
        'getAuditActivity',
        'getAuditStream',
        'getAuditVerification',
        'getLatestCheckpoint',
        'listAuditEvents',
        'signCheckpoint',
        'startAuditVerification',
        'verifyAuditLog',
      ].map((id) => [id, ['owner', 'admin', 'auditor']]),
    );
  });

  it('never shows an auditor another org’s events, streams or grants', async () => {
    const { admin } = await adminSession(api);
    const tool = await addTool(admin);
    const scout = await registerAgent(admin, 'Scout');
    const asked = await agentClient(api, scout.key)('POST', `/api/tools/${tool.id}/request`, {
      reason: 'org A business',
    });
    await admin('POST', `/api/admin/requests/${asked.body.request_id}/approve`, {});
    const other = await signInNewMember(api, 'auditor'); // an auditor of a new org B
    await caughtUp(api);
    const get = (path: string) => call(api.url, 'GET', path, { token: other.access_token });

    const seen = await allEvents(api, other.access_token, '');
    expect(seen.length).toBeGreaterThan(0);
    const text = JSON.stringify(seen);
    for (const secretOfA of [scout.id, tool.id, asked.body.request_id]) expect(text).not.toContain(secretOfA);
    expect(seen.map((e) => e.type)).toEqual(['OrgCreated', 'MemberAdded', 'MemberLoginSucceeded']);
    expect(seen[0].stream_id).toBe(`org-${other.org_id}`);

    expect((await get(`/api/audit/streams/access-${asked.body.request_id}`)).status).toBe(404);
    expect((await get(`/api/audit/streams/agent-${scout.id}`)).status).toBe(404);
    expect((await get(`/api/audit/streams/org-${other.org_id}`)).status).toBe(200);
    expect((await get(`/api/audit/events?agent_id=${scout.id}`)).body.events).toEqual([]);
    expect((await get(`/api/audit/events?stream_id=agent-${scout.id}`)).body.events).toEqual([]);
    const exported = await get('/api/audit/export?format=csv');
    expect(exported.text).not.toContain(scout.id);
    expect((await get('/api/audit/access')).body.grants).toEqual([]);

    // Org A's own admin sees the grant that B's auditor cannot.
    const mine = await admin('GET', '/api/audit/access');
    expect(mine.body.grants.map((g: { grant_id: string }) => g.grant_id)).toEqual([asked.body.request_id]);
  });
});
