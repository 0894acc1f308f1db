import { createTestEnv, type RunningApp, type TestEnv } from '../support/app';
import { addTool, adminSession, agentClient, registerAgent } from '../support/story';

jest.setTimeout(60_000);

describe('agents correct a tool’s instructions; admins accept, dismiss and restore', () => {
  let env: TestEnv;
  let api: RunningApp;

  beforeAll(async () => {
    env = await createTestEnv();
    api = await env.start(
      { KEYLEDGER_RATE_ADMIN: '1000/1m', KEYLEDGER_RATE_REQUEST: '1000/1h' },
      { background: false },
    );
  });
  afterAll(() => env.close());

  it('pools a lesson, takes it into a new version that the next vend carries, and restores an old one', async () => {
    const { admin } = await adminSession(api);
    const tool = await addTool(admin, { instructions: 'Send it as a bearer token.' });
    const granted = async (name: string) => {
      const registered = await registerAgent(admin, name);
      const call = agentClient(api, registered.key);
      const asked = await call('POST', `/api/tools/${tool.id}/request`, {
        reason: 'search the issue tracker',
      });
      expect((await admin('POST', `/api/admin/requests/${asked.body.request_id}/approve`, {})).status).toBe(
        200,
      );
      return call;
    };
    const [a, b] = [await granted('Scout'), await granted('Helper')];
    const outsider = agentClient(api, (await registerAgent(admin, 'Outsider')).key);

    const lesson = {
      learned: 'Search with GET /search/issues; /issues lists only your own.',
      why: 'missed results',
    };
    const refused = await outsider('POST', `/api/tools/${tool.id}/instructions/suggest`, lesson);
    expect(refused.status).toBe(403);
    expect(refused.body.type).toBe('https://keyledger.dev/problems/no-access');
    expect((await a('POST', '/api/tools/no-such-tool/instructions/suggest', lesson)).status).toBe(404);

    const first = await a('POST', `/api/tools/${tool.id}/instructions/suggest`, lesson);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'open', existing: false });
    const dup = await b('POST', `/api/tools/${tool.id}/instructions/suggest`, {
      learned: '  search with GET /search/issues — /issues lists only your OWN ',
      why: 'same here',
    });
    expect(dup.body).toEqual({ suggestion_id: first.body.suggestion_id, status: 'open', existing: true });
    const other = await b('POST', `/api/tools/${tool.id}/instructions/suggest`, {
      learned: 'Rate limit is 5000 requests per hour.',
      why: 'got a 403 with a rate-limit header',
    });

    const listed = await admin('GET', `/api/admin/tools/${tool.id}/instruction-suggestions`);
    expect(listed.status).toBe(200);
    expect(listed.body.instruction_suggestions.map((s: any) => [s.id, s.backer_count])).toEqual([
      [first.body.suggestion_id, 2],
      [other.body.suggestion_id, 1],
    ]);
    expect(listed.body.instruction_suggestions[0].backers.map((x: any) => x.agent_name)).toEqual([
      'Scout',
      'Helper',
    ]);

    const accepted = await admin(
      'POST',
      `/api/admin/instruction-suggestions/${first.body.suggestion_id}/accept`,
      {},
    );
    expect(accepted.status).toBe(200);
    expect(accepted.body.instruction_suggestion).toMatchObject({
      status: 'accepted',
      instructions_version: 2,
    });
    const vend = await a('GET', `/api/tools/${tool.id}/credentials`);
    expect(vend.status).toBe(200);
    expect(vend.body.instructions).toBe(`Send it as a bearer token.\n\n${lesson.learned}`);

    const edited = await admin(
      'POST',
      `/api/admin/instruction-suggestions/${other.body.suggestion_id}/accept`,
      {
        instructions: 'Bearer token. Mind the 5000/hour limit.',
      },
    );
    expect(edited.body.instruction_suggestion.instructions_version).toBe(3);
    expect((await b('GET', `/api/tools/${tool.id}/credentials`)).body.instructions).toBe(
      'Bearer token. Mind the 5000/hour limit.',
    );

    const restored = await admin('POST', `/api/admin/tools/${tool.id}/instructions/restore`, { version: 1 });
    expect(restored.status).toBe(200);
    expect(restored.body.tool).toMatchObject({
      instructions: 'Send it as a bearer token.',
      instructions_version: 4,
    });
    expect((await a('GET', `/api/tools/${tool.id}/credentials`)).body.instructions).toBe(
      'Send it as a bearer token.',
    );
    const detail = await admin('GET', `/api/admin/tools/${tool.id}`);
    expect(detail.body.tool.instructions_history.map((h: any) => h.version)).toEqual([4, 3, 2, 1]);
    expect(
      (await admin('POST', `/api/admin/tools/${tool.id}/instructions/restore`, { version: 9 })).status,
    ).toBe(404);

    const third = await a('POST', `/api/tools/${tool.id}/instructions/suggest`, {
      learned: 'Use the GraphQL API instead.',
      why: 'fewer calls',
    });
    const dismissed = await admin(
      'POST',
      `/api/admin/instruction-suggestions/${third.body.suggestion_id}/dismiss`,
      {
        reason: 'REST is what we support',
      },
    );
    expect(dismissed.body.instruction_suggestion).toMatchObject({
      status: 'dismissed',
      decision_reason: 'REST is what we support',
    });
    expect(
      (await admin('POST', `/api/admin/instruction-suggestions/${third.body.suggestion_id}/accept`, {}))
        .status,
    ).toBe(409);

    const pg = await env.db.admin();
    const { rows } = await pg.query(
      `SELECT data FROM events WHERE stream_id = $1 AND type = 'ToolUpdated' ORDER BY position`,
      [`tool-${tool.id}`],
    );
    expect(rows.map((r) => r.data.instructions_source)).toEqual([
      { kind: 'suggestion', suggestion_id: first.body.suggestion_id },
      { kind: 'suggestion', suggestion_id: other.body.suggestion_id },
      { kind: 'restore', version: 1 },
    ]);
  });
});
