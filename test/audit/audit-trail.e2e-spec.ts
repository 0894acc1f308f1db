import { createTestEnv, type RunningApp, type TestEnv } from '../support/app';
import { eventually } from '../support/eventually';
import { call, loginAs } from '../support/http';
import { addTool, adminSession, registerAgent } from '../support/story';
import { allEvents, auditClient, caughtUp } from './audit-support';

jest.setTimeout(60_000);

/** DESIGN.md, auditors: who did what when, from where, in order. */
describe('the audit trail of an access story', () => {
  let env: TestEnv;
  let api: RunningApp;

  beforeAll(async () => {
    env = await createTestEnv();
    api = await env.start();
  });
  afterAll(() => env.close());

  it('shows request, approval, fetch and expiry in order, each with its actor and origin', async () => {
    const { token, admin } = await adminSession(api);
    const audit = auditClient(api, token);
    const owner = await loginAs(api.url);
    const tool = await addTool(admin);
    const scout = await registerAgent(admin, 'Scout');
    const agent = (method: string, path: string, body: unknown, requestId: string) =>
      call(api.url, method, path, {
        token: scout.key,
        body,
        headers: { 'user-agent': 'scout-agent/1.0', 'x-request-id': requestId },
      });

    const asked = await agent(
      'POST',
      `/api/tools/${tool.id}/request`,
      { reason: 'triage the nightly failures', duration_seconds: 2 },
      'req-ask-1',
    );
    expect(asked.status).toBe(201);
    const grantId = asked.body.request_id as string;
    const approved = await call(api.url, 'POST', `/api/admin/requests/${grantId}/approve`, {
      token,
      body: { note: 'ok for the night' },
      headers: { 'user-agent': 'console/2.0', 'x-request-id': 'req-approve-1' },
    });
    expect(approved.status).toBe(200);
    expect((await agent('GET', `/api/tools/${tool.id}/credentials`, undefined, 'req-fetch-1')).status).toBe(
      200,
    );
    // The expiry sweep (every second) records what the clock decided.
    await eventually(
      async () => (await audit(`/api/audit/streams/access-${grantId}`)).body.events?.length,
      4,
      10_000,
    );
    await caughtUp(api);

    const trail = await allEvents(api, token, `stream_id=access-${grantId}`);
    expect(trail.map((e) => [e.type, e.metadata.actor.type, e.stream_version])).toEqual([
      ['AccessRequested', 'agent', 1],
      ['AccessApproved', 'member', 2],
      ['CredentialVended', 'agent', 3],
      ['GrantExpired', 'system', 4],
    ]);
    const [requested, approval, vended, expired] = trail;
    expect(requested.metadata).toMatchObject({
      actor: { type: 'agent', id: scout.id, name: 'Scout' },
      correlation_id: 'req-ask-1',
      ip: '127.0.0.1',
      user_agent: 'scout-agent/1.0',
      channel: 'http',
    });
    expect(requested.data).toMatchObject({
      agent_id: scout.id,
      tool_id: tool.id,
      reason: 'triage the nightly failures',
    });
    expect(approval.metadata).toMatchObject({
      actor: { type: 'member' },
      correlation_id: 'req-approve-1',
      ip: '127.0.0.1',
      user_agent: 'console/2.0',
    });
    expect(approval.data).toMatchObject({
      approved_by: approval.metadata.actor.id,
      note: 'ok for the night',
    });
    expect(approval.metadata.actor.id).toBe(owner.member_id);
    expect(vended.metadata).toMatchObject({ correlation_id: 'req-fetch-1', user_agent: 'scout-agent/1.0' });
    expect(vended.data).toMatchObject({ grant_id: grantId, secret_version: 1 });
    expect(JSON.stringify(vended)).not.toContain('ghp_shared_secret_value'); // never the secret
    expect(expired.metadata.actor).toEqual({ type: 'system', id: 'system', name: 'Keyledger' });
    for (const e of trail) {
      expect(typeof e.position).toBe('string');
      expect(Date.parse(e.occurred_at)).not.toBeNaN();
    }
    expect(trail.map((e) => BigInt(e.position))).toEqual(
      [...trail.map((e) => BigInt(e.position))].sort((a, b) => (a < b ? -1 : 1)),
    );

    // The stream route tells the same story, straight from the log.
    const stream = await audit(`/api/audit/streams/access-${grantId}`);
    expect(stream.status).toBe(200);
    expect(stream.body.events).toEqual(trail);

    // Filters: by agent (about it or by it), several types, actor, and a time window.
    const aboutScout = await allEvents(api, token, `agent_id=${scout.id}`);
    expect(aboutScout.map((e) => e.type)).toEqual([
      'AgentRegistered',
      'AgentKeyIssued',
      'AccessRequested',
      'AccessApproved',
      'CredentialVended',
      'GrantExpired',
    ]);
    const decisions = await allEvents(api, token, 'type=GrantExpired,AccessApproved');
    expect(decisions.map((e) => e.type)).toEqual(['AccessApproved', 'GrantExpired']);
    const bySystem = await allEvents(api, token, `actor_type=system&tool_id=${tool.id}`);
    expect(bySystem.map((e) => e.type)).toEqual(['GrantExpired']);
    const byApprover = await allEvents(
      api,
      token,
      `actor_id=${approval.metadata.actor.id}&type=AccessApproved`,
    );
    expect(byApprover).toHaveLength(1);
    const window = await allEvents(
      api,
      token,
      `from=${approval.occurred_at}&to=${new Date(Date.parse(expired.occurred_at)).toISOString()}&stream_id=access-${grantId}`,
    );
    expect(window.map((e) => e.type)).toEqual(['AccessApproved', 'CredentialVended']);

    // Paging one event at a time walks the same trail.
    expect(await allEvents(api, token, `stream_id=access-${grantId}`, 1)).toEqual(trail);
    const everything = await allEvents(api, token, '');
    expect(everything.slice(-4)).toEqual(trail);
    expect(everything[0].type).toBe('OrgCreated');
  });

  it('rejects malformed filters and cursors as problems', async () => {
    const { token } = await adminSession(api);
    const audit = auditClient(api, token);
    for (const query of [
      'limit=0',
      'limit=1001',
      'from=yesterday',
      'actor_type=robot',
      'type=a;b',
      'bogus=1',
    ]) {
      const res = await audit(`/api/audit/events?${query}`);
      expect([query, res.status]).toEqual([query, 400]);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    const res = await audit('/api/audit/events?after=not-a-cursor');
    expect(res.status).toBe(400);
    expect(res.body.type).toMatch(/invalid-cursor/);
  });
});
