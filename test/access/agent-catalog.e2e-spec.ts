import { agentCatalog } from '../../libs/access/src/agent-catalog/agent-catalog.read';
import { Database } from '../../libs/database/src/database';
import { createTestEnv, type RunningApp, type TestEnv } from '../support/app';
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
});
