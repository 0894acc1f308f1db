import { signInNewMember } from '../catalog/members';
import { createTestEnv, type RunningApp, type TestEnv } from '../support/app';
import { call } from '../support/http';
import { addTool, adminSession, agentClient, registerAgent } from '../support/story';

describe('approval policies', () => {
  let env: TestEnv;
  let api: RunningApp;

  beforeAll(async () => {
    env = await createTestEnv();
    api = await env.start();
  });
  afterAll(() => env.close());

  async function streamEvents(streamId: string) {
    const { rows } = await (
      await env.db.admin()
    ).query(`SELECT type, data, metadata FROM events WHERE stream_id = $1 ORDER BY stream_version`, [
      streamId,
    ]);
    return rows;
  }

  it('grants only when two distinct approvers approved, each approval its own event, capped by the policy', async () => {
    const { admin, orgId } = await adminSession(api);
    const tool = await addTool(admin);
    const policy = await admin('PUT', `/api/admin/tools/${tool.id}/policy`, {
      required_approvals: 2,
      max_duration_seconds: 600,
    });
    expect(policy.status).toBe(200);
    const agent = await registerAgent(admin, 'Two-Keys');
    const client = agentClient(api, agent.key);
    const ask = await client('POST', `/api/tools/${tool.id}/request`, {
      reason: 'pay the invoices',
      duration_seconds: 3600,
    });
    const requestId = ask.body.request_id as string;

    const first = await admin('POST', `/api/admin/requests/${requestId}/approve`, { note: 'first' });
    expect(first.status).toBe(200);
    expect(first.body.request.status).toBe('pending');
    expect(first.body.request.approvals).toHaveLength(1);
    expect((await admin('POST', `/api/admin/requests/${requestId}/approve`, {})).status).toBe(409);
    expect((await client('GET', `/api/tools/${tool.id}/credentials`)).status).toBe(403);

    const approver = await signInNewMember(api, 'approver', orgId);
    const second = await call(api.url, 'POST', `/api/admin/requests/${requestId}/approve`, {
      token: approver.access_token,
      body: { note: 'second' },
    });
    expect(second.status).toBe(200);
    expect(second.body.request.status).toBe('approved');
    const vend = await client('GET', `/api/tools/${tool.id}/credentials`);
    expect(vend.status).toBe(200);
    // max_duration_seconds: the agent asked for an hour, the policy allows ten minutes.
    expect((Date.parse(vend.body.expires_at) - Date.now()) / 1000).toBeLessThanOrEqual(600);
    const types = (await streamEvents(`access-${requestId}`)).map((e) => e.type);
    expect(types).toEqual([
      'AccessRequested',
      'AccessApprovalRecorded',
      'CredentialDenied',
      'AccessApproved',
      'CredentialVended',
    ]);
  });

  it('ends a multi-approver request at the first deny', async () => {
    const { admin } = await adminSession(api);
    const tool = await addTool(admin);
    await admin('PUT', `/api/admin/tools/${tool.id}/policy`, { required_approvals: 3 });
    const agent = await registerAgent(admin, 'Denied-Once');
    const ask = await agentClient(api, agent.key)('POST', `/api/tools/${tool.id}/request`, {
      reason: 'look at payouts',
    });
    await admin('POST', `/api/admin/requests/${ask.body.request_id}/approve`, {});
    const deny = await admin('POST', `/api/admin/requests/${ask.body.request_id}/deny`, {
      reason: 'not this quarter',
    });
    expect(deny.status).toBe(200);
    expect(deny.body.request.status).toBe('denied');
  });

  it('auto-approves listed agents with the system as actor and the rule that fired', async () => {
    const { admin } = await adminSession(api);
    const tool = await addTool(admin);
    const trusted = await registerAgent(admin, 'Trusted');
    const other = await registerAgent(admin, 'Other');
    const set = await admin('PUT', `/api/admin/tools/${tool.id}/policy`, {
      required_approvals: 1,
      auto_approve: { agents: [trusted.id], max_duration_seconds: 900 },
    });
    expect(set.status).toBe(200);
    const ask = await agentClient(api, trusted.key)('POST', `/api/tools/${tool.id}/request`, {
      reason: 'nightly sync job',
    });
    expect(ask.status).toBe(201);
    expect(ask.body.status).toBe('approved');
    const vend = await agentClient(api, trusted.key)('GET', `/api/tools/${tool.id}/credentials`);
    expect(vend.status).toBe(200);
    expect((Date.parse(vend.body.expires_at) - Date.now()) / 1000).toBeLessThanOrEqual(900);
    const approved = (await streamEvents(`access-${ask.body.request_id}`)).find(
      (e) => e.type === 'AccessApproved',
    );
    expect(approved.metadata.actor).toMatchObject({ type: 'system', id: 'auto-approve' });
    expect(approved.data.rule).toBe('auto_approve:listed_agent');
    expect(approved.metadata.causation_id).toBe(ask.body.request_id);

    const notListed = await agentClient(api, other.key)('POST', `/api/tools/${tool.id}/request`, {
      reason: 'me too please',
    });
    expect(notListed.body.status).toBe('pending');
    const bad = await admin('PUT', `/api/admin/tools/${tool.id}/policy`, {
      required_approvals: 1,
      auto_approve: { agents: ['not-an-agent'], max_duration_seconds: 900 },
    });
    expect(bad.status).toBe(400);
  });

  it('keeps a member from approving requests of agents they registered, unless the org turns it off', async () => {
    const { admin } = await adminSession(api, { separationOfDuties: true });
    expect(
      (await admin('PUT', '/api/admin/policy', { separation_of_duties: true, reason: 'back to two people' }))
        .status,
    ).toBe(200);
    const tool = await addTool(admin);
    const agent = await registerAgent(admin, 'Own-Agent');
    const ask = await agentClient(api, agent.key)('POST', `/api/tools/${tool.id}/request`, {
      reason: 'my own agent asks',
    });
    const refused = await admin('POST', `/api/admin/requests/${ask.body.request_id}/approve`, {});
    expect(refused.status).toBe(403);
    expect(refused.body.type).toMatch(/separation-of-duties$/);
    expect(
      (await admin('PUT', '/api/admin/policy', { separation_of_duties: false, reason: 'one-person org' }))
        .status,
    ).toBe(200);
    expect((await admin('POST', `/api/admin/requests/${ask.body.request_id}/approve`, {})).status).toBe(200);
  });

  it('lets only an owner change separation of duties, recording who, from what to what, and why (issue 13)', async () => {
    const { admin: owner, orgId, memberId: ownerId } = await adminSession(api, { separationOfDuties: true });
    const on = await owner('PUT', '/api/admin/policy', {
      separation_of_duties: true,
      reason: 'start strict',
    });
    expect(on.status).toBe(200);
    const registrar = await signInNewMember(api, 'admin', orgId);
    const asAdmin = (method: string, path: string, body?: unknown) =>
      call(api.url, method, path, { token: registrar.access_token, body });
    const tool = await addTool(owner);
    const agent = await registerAgent(asAdmin, 'Admins-Own');
    const ask = await agentClient(api, agent.key)('POST', `/api/tools/${tool.id}/request`, {
      reason: 'the admin’s own agent asks',
    });
    const approve = () => asAdmin('POST', `/api/admin/requests/${ask.body.request_id}/approve`, {});
    expect((await approve()).status).toBe(403);

    // The queue says whose agent it is, so the console can show the refusal before the click.
    const queue = await asAdmin('GET', `/api/admin/requests?agent_id=${agent.id}`);
    expect(queue.body.requests[0]).toMatchObject({
      id: ask.body.request_id,
      agent_registered_by: registrar.member_id,
    });

    // The admin the rule stops cannot lift it.
    const lift = await asAdmin('PUT', '/api/admin/policy', {
      separation_of_duties: false,
      reason: 'I want to approve my own agent',
    });
    expect(lift.status).toBe(403);
    expect((await asAdmin('GET', '/api/admin/policy')).body.policy.separation_of_duties).toBe(true);
    const refused = await approve();
    expect(refused.status).toBe(403);
    expect(refused.body.type).toMatch(/separation-of-duties$/);

    // An owner may, saying why; the change is an event with its previous value.
    const silent = await owner('PUT', '/api/admin/policy', { separation_of_duties: false });
    expect(silent.status).toBe(400);
    expect(new Set(silent.body.errors.map((e: { field: string }) => e.field))).toEqual(new Set(['reason']));
    const off = await owner('PUT', '/api/admin/policy', {
      separation_of_duties: false,
      reason: 'the second approver left',
    });
    expect(off.status).toBe(200);
    expect(off.body.policy).toEqual({ separation_of_duties: false });
    const changes = (await streamEvents(`org-${orgId}`)).filter((e) => e.type === 'OrgPolicyChanged');
    expect(changes.at(-1)).toMatchObject({
      data: {
        org_id: orgId,
        separation_of_duties: false,
        previous_separation_of_duties: true,
        reason: 'the second approver left',
      },
      metadata: { actor: { type: 'member', id: ownerId } },
    });
    // Setting the value it already has records nothing.
    const count = changes.length;
    await owner('PUT', '/api/admin/policy', { separation_of_duties: false, reason: 'still off' });
    expect((await streamEvents(`org-${orgId}`)).filter((e) => e.type === 'OrgPolicyChanged')).toHaveLength(
      count,
    );
    expect((await approve()).status).toBe(200);
  });
});
