import { createKeyledgerClient, unwrap } from '../../packages/client/src';
import { createTestEnv, type RunningApp, type TestEnv } from '../support/app';
import { addTool, registerAgent, staff } from './staff';

jest.setTimeout(60_000);

/**
 * The agent story driven entirely through the client generated from docs/openapi.json: no
 * hand-written request, no cast. If the document drifts from the service, this stops compiling
 * or fails here, which is the point.
 */
describe('the agent story through the generated client', () => {
  let env: TestEnv;
  let api: RunningApp;

  beforeAll(async () => {
    env = await createTestEnv();
    api = await env.start();
  });
  afterAll(() => env.close());

  it('lists, requests, is approved, fetches, is revoked, is denied', async () => {
    const { owner, approver } = await staff(api);
    const tool = await addTool(owner, 'GitHub client story', 'ghp_client_story_secret_0123456789');
    const registered = await registerAgent(owner, 'Client-Story');
    const agent = createKeyledgerClient({ baseUrl: api.url, apiKey: registered.key, userAgent: 'story/1' });
    const toolPath = { params: { path: { toolId: tool.id } } };
    const myAccess = async () => (await unwrap(agent.GET('/api/tools/{toolId}', toolPath))).your_access;

    const { tools } = await unwrap(agent.GET('/api/tools'));
    expect(tools.find((t) => t.id === tool.id)).toMatchObject({ name: tool.name, your_access: 'none' });

    const early = await agent.GET('/api/tools/{toolId}/credentials', toolPath);
    expect(early.response.status).toBe(403);
    expect(early.response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(early.error).toMatchObject({ status: 403, reason: 'no_grant' });
    expect(early.error?.detail).toMatch(/request/);

    const asked = await unwrap(
      agent.POST('/api/tools/{toolId}/request', {
        ...toolPath,
        body: { reason: 'triage the nightly failures', duration_seconds: 3600 },
      }),
    );
    expect(asked.status).toBe('pending');
    expect(await myAccess()).toBe('pending');

    const { requests } = await unwrap(
      approver.GET('/api/admin/requests', { params: { query: { status: 'pending' } } }),
    );
    const queued = requests.find((r) => r.id === asked.request_id);
    expect(queued).toMatchObject({ agent_name: 'Client-Story', reason: 'triage the nightly failures' });
    const approval = await unwrap(
      approver.POST('/api/admin/requests/{requestId}/approve', {
        params: { path: { requestId: asked.request_id } },
        body: { note: 'ok for the week' },
      }),
    );
    expect(approval.request.status).toBe('approved');
    expect(await myAccess()).toBe('approved');

    const fetched = await agent.GET('/api/tools/{toolId}/credentials', toolPath);
    expect(fetched.response.headers.get('cache-control')).toBe('no-store, private');
    expect(fetched.response.headers.get('x-ratelimit-limit')).toBeTruthy();
    expect(fetched.data).toMatchObject({
      tool_id: tool.id,
      credential: 'ghp_client_story_secret_0123456789',
      secret_version: 1,
      grant_id: asked.request_id,
    });

    await unwrap(
      approver.POST('/api/admin/grants/{grantId}/revoke', {
        params: { path: { grantId: asked.request_id } },
        body: { reason: 'rotating everything' },
      }),
    );
    const afterRevoke = await agent.GET('/api/tools/{toolId}/credentials', toolPath);
    expect(afterRevoke.response.status).toBe(403);
    expect(afterRevoke.error?.reason).toBe('revoked');
    expect(afterRevoke.data).toBeUndefined();

    const again = await unwrap(
      agent.POST('/api/tools/{toolId}/request', {
        ...toolPath,
        body: { reason: 'need it again for the release' },
      }),
    );
    expect(again.request_id).not.toBe(asked.request_id);
    await unwrap(
      approver.POST('/api/admin/requests/{requestId}/deny', {
        params: { path: { requestId: again.request_id } },
        body: { reason: 'use the read-only token' },
      }),
    );
    const me = await unwrap(agent.GET('/api/me'));
    expect(me.denied).toEqual([
      { tool_id: tool.id, name: tool.name, status: 'denied', reason: 'use the read-only token' },
    ]);
    const denied = await agent.GET('/api/tools/{toolId}/credentials', toolPath);
    expect(denied.error).toMatchObject({ status: 403, reason: 'denied' });
  });

  it('answers problems the client can read: bad key, unknown tool, invalid body', async () => {
    const stranger = createKeyledgerClient({ baseUrl: api.url, apiKey: 'klk_not_a_real_key' });
    const refused = await stranger.GET('/api/tools');
    expect(refused.response.status).toBe(401);
    expect(refused.error?.type).toMatch(/\/problems\/invalid-agent-key$/);

    const { owner } = await staff(api);
    const probe = await registerAgent(owner, 'Client-Probe');
    const agent = createKeyledgerClient({ baseUrl: api.url, apiKey: probe.key });
    const unknown = await agent.GET('/api/tools/{toolId}', { params: { path: { toolId: 'no-such-tool' } } });
    expect(unknown.response.status).toBe(404);
    expect(unknown.error?.detail).toMatch(/GET \/api\/tools/);

    const invalid = await agent.POST('/api/tools/{toolId}/request', {
      params: { path: { toolId: 'no-such-tool' } },
      body: { reason: 'no' },
    });
    expect(invalid.response.status).toBe(400);
    expect(invalid.error?.errors?.map((e) => e.field)).toEqual(['reason']);
  });
});
