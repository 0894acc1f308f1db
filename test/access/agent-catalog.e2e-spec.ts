import { agentCatalog } from '../../libs/access/src/agent-catalog/agent-catalog.read';
import { Database } from '../../libs/database/src/database';
import { createTestEnv, type RunningApp, type TestEnv } from '../support/app';
import { call } from '../support/http';
import { addTool, adminSession, agentClient, registerAgent } from '../support/story';

describe('an agent’s catalog, kept in memory per instance', () => {
  let env: TestEnv;
  let a: RunningApp;
  let b: RunningApp;

  beforeAll(async () => {
    env = await createTestEnv();
    a = await env.start();
    b = await env.start();
  });
  afterAll(() => env.close());

  it('shows on every instance each change made through another, the moment it commits', async () => {
    const { admin, orgId } = await adminSession(a);
    const scout = await registerAgent(admin);
    const onB = agentClient(b, scout.key);
    const listed = async () => {
      const res = await onB('GET', '/api/tools');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      // The same as the row view that GET /api/me and MCP read, field for field and in order.
      expect(res.text).toBe(
        JSON.stringify({ tools: await agentCatalog(b.app.get(Database), orgId, scout.id) }),
      );
      return res.body.tools as Array<{ id: string; name: string; description: string; your_access: string }>;
    };

    expect(await listed()).toEqual([]);
    const github = await addTool(admin, { name: 'GitHub' });
    const linear = await addTool(admin, { name: 'Linear' });
    expect((await listed()).map((t) => t.name)).toEqual(['GitHub', 'Linear']);

    expect(
      (await admin('PATCH', `/api/admin/tools/${github.id}`, { description: 'Code and issues' })).status,
    ).toBe(200);
    expect((await listed()).find((t) => t.id === github.id)?.description).toBe('Code and issues');

    await agentClient(a, scout.key)('POST', `/api/tools/${linear.id}/request`, {
      reason: 'file the bugs we find',
    });
    expect((await listed()).find((t) => t.id === linear.id)?.your_access).toBe('pending');

    expect((await admin('DELETE', `/api/admin/tools/${github.id}`, { reason: 'moved' })).status).toBe(200);
    expect((await listed()).map((t) => t.name)).toEqual(['Linear']);
  });

  it('answers 304 to an agent that polls with the ETag it holds, until a tool or its access changes', async () => {
    const { admin } = await adminSession(a);
    const scout = await registerAgent(admin, 'Poller');
    const tool = await addTool(admin, { name: 'Notion' });
    const agent = agentClient(b, scout.key);
    const poll = (etag?: string) =>
      call(b.url, 'GET', '/api/tools', { token: scout.key, headers: etag ? { 'if-none-match': etag } : {} });

    const first = await poll();
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"\d+\.[\w-]+"$/);
    expect((await poll()).headers.get('etag')).toBe(etag);
    const unchanged = await poll(etag);
    expect(unchanged.status).toBe(304);
    expect(unchanged.text).toBe('');
    expect((await poll(`W/${etag}`)).status).toBe(304);

    await agent('POST', `/api/tools/${tool.id}/request`, { reason: 'write the release notes' });
    const afterRequest = await poll(etag);
    expect(afterRequest.status).toBe(200);
    expect(afterRequest.headers.get('etag')).not.toBe(etag);

    const requested = afterRequest.headers.get('etag')!;
    expect((await admin('PATCH', `/api/admin/tools/${tool.id}`, { description: 'Docs' })).status).toBe(200);
    const afterEdit = await poll(requested);
    expect(afterEdit.status).toBe(200);
    expect(afterEdit.body.tools.find((t: { id: string }) => t.id === tool.id).description).toBe('Docs');
  });
});
