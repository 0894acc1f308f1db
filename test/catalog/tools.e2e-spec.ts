import { createTestEnv, type RunningApp, type TestEnv } from '../support/app';
import { call, loginAs, type Reply } from '../support/http';
import { signInNewMember } from './members';

const FIRST = 'ghp_e2eFirstSecret-7f3a9c1d2b';
const SECOND = 'ghp_e2eSecondSecret-0b8e4d6a5f';
const REJECTED = 'pw-in-a-rejected-body-91c2';
const SECRETS = [FIRST, SECOND, REJECTED];
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();

describe('tools and their write-only secrets (admin API)', () => {
  let env: TestEnv;
  let api: RunningApp;
  let token: string;
  let memberId: string;
  let toolId: string;
  const replies: Reply[] = [];
  /** Every response a human gets goes through here, so the final test can search them all. */
  const admin = async (method: string, path: string, body?: unknown, as = token) => {
    const reply = await call(api.url, method, path, { token: as, body });
    replies.push(reply);
    return reply;
  };
  const expectProblem = (reply: Reply, status: number, type: string) => {
    expect(reply.status).toBe(status);
    expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(reply.body.type).toBe(`https://keyledger.dev/problems/${type}`);
  };

  beforeAll(async () => {
    env = await createTestEnv();
    api = await env.start({}, { background: false });
    ({ access_token: token, member_id: memberId } = await loginAs(api.url));
  });
  afterAll(() => env.close());

  it('adds a tool with its secret, answering the tool without the secret', async () => {
    const created = await admin('POST', '/api/admin/tools', {
      name: 'GitHub',
      url: 'https://api.github.com',
      description: 'Source hosting',
      auth_type: 'bearer_token',
      credential: FIRST,
      instructions: '# GitHub\nUse the REST API.',
      credential_expires_at: inDays(10),
    });
    expect(created.status).toBe(201);
    const tool = created.body.tool;
    expect(tool).toMatchObject({
      name: 'GitHub',
      credential_mode: 'shared',
      secret_version: 1,
      has_secret: true,
      credential_status: 'expiring',
      instructions_version: 1,
      status: 'active',
    });
    expect(Object.keys(created.body)).toEqual(['tool']);
    expect(tool).not.toHaveProperty('credential');
    toolId = tool.id;
  });

  it('rotates the secret, answering only the new version number', async () => {
    const rotated = await admin('PUT', `/api/admin/tools/${toolId}/secret`, { credential: SECOND });
    expect(rotated.status).toBe(200);
    expect(rotated.body).toEqual({ tool_id: toolId, secret_version: 2 });
    const { rows } = await (
      await env.db.admin()
    ).query(`SELECT version FROM secret_versions WHERE tool_id = $1 ORDER BY version`, [toolId]);
    expect(rows.map((r) => r.version)).toEqual([1, 2]);
  });

  it('reads and lists the tool, with its instructions history', async () => {
    const read = await admin('GET', `/api/admin/tools/${toolId}`);
    expect(read.status).toBe(200);
    expect(read.body.tool).toMatchObject({
      id: toolId,
      secret_version: 2,
      instructions: '# GitHub\nUse the REST API.',
    });
    expect(read.body.tool.instructions_history).toEqual([
      { version: 1, created_at: expect.any(String), created_by: memberId },
    ]);
    const list = await admin('GET', '/api/admin/tools');
    expect(list.status).toBe(200);
    expect(list.body).toEqual({
      tools: [expect.objectContaining({ id: toolId, name: 'GitHub' })],
      next_cursor: null,
    });
  });

  it('patches only what changed, versioning instructions and clearing the expiry', async () => {
    const patched = await admin('PATCH', `/api/admin/tools/${toolId}`, {
      description: 'Code hosting',
      instructions: '# GitHub\nPrefer GraphQL.',
      credential_expires_at: null,
    });
    expect(patched.status).toBe(200);
    expect(patched.body.tool).toMatchObject({
      description: 'Code hosting',
      instructions_version: 2,
      credential_expires_at: null,
      credential_status: 'ok',
    });
    const same = await admin('PATCH', `/api/admin/tools/${toolId}`, {
      name: 'GitHub',
      description: 'Code hosting',
    });
    expect(same.status).toBe(200);
    expect(same.body.tool.updated_at).toBe(patched.body.tool.updated_at);
    const history = await admin('GET', `/api/admin/tools/${toolId}`);
    expect(history.body.tool.instructions_history.map((h: { version: number }) => h.version)).toEqual([2, 1]);
  });

  it('keeps names unique among active tools of the org', async () => {
    const clash = await admin('POST', '/api/admin/tools', { name: 'github', auth_type: 'api_key' });
    expectProblem(clash, 409, 'tool-name-taken');
    expect(clash.body.tool_id).toBe(toolId);
    // Racing adds get past the check together; the unique index lets exactly one win.
    const race = await Promise.all(
      Array.from({ length: 6 }, () =>
        admin('POST', '/api/admin/tools', { name: 'Racer', auth_type: 'api_key' }),
      ),
    );
    expect(race.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    for (const r of race.filter((r) => r.status === 409)) expectProblem(r, 409, 'tool-name-taken');
    const winner = race.find((r) => r.status === 201)!;
    expect((await admin('DELETE', `/api/admin/tools/${winner.body.tool.id}`)).status).toBe(200);
  });

  it('refuses a shared secret for a per-agent tool', async () => {
    const created = await admin('POST', '/api/admin/tools', {
      name: 'Stripe',
      auth_type: 'api_key',
      credential_mode: 'per_agent',
    });
    expect(created.status).toBe(201);
    expect(created.body.tool).toMatchObject({ credential_status: 'per_agent', has_secret: false });
    const refused = await admin('PUT', `/api/admin/tools/${created.body.tool.id}/secret`, {
      credential: SECOND,
    });
    expectProblem(refused, 409, 'per-agent-credential');
  });

  it('rejects unknown and malformed fields with a validation problem that never echoes a credential', async () => {
    const unknown = await admin('POST', '/api/admin/tools', {
      name: 'Slack',
      auth_type: 'api_key',
      secret: REJECTED,
    });
    expectProblem(unknown, 400, 'validation');
    expect(unknown.body.errors).toEqual([{ field: 'secret', message: 'is not a known field' }]);
    const malformed = await admin('POST', '/api/admin/tools', {
      name: '',
      auth_type: 'password',
      url: 'ftp://example.com',
      credential: { password: REJECTED, nested: { no: 'objects' } },
    });
    expectProblem(malformed, 400, 'validation');
    const fields = new Set(malformed.body.errors.map((e: { field: string }) => e.field));
    expect([...fields].sort()).toEqual(['auth_type', 'credential', 'name', 'url']);
    const patch = await admin('PATCH', `/api/admin/tools/${toolId}`, { name: null, owner: 'me' });
    expectProblem(patch, 400, 'validation');
    expect(patch.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'name',
      'name',
      'owner',
    ]);
    const secret = await admin('PUT', `/api/admin/tools/${toolId}/secret`, {
      credential: REJECTED,
      version: 9,
    });
    expectProblem(secret, 400, 'validation');
  });

  it('answers 404 for unknown ids and for tools of another org', async () => {
    for (const [method, path, body] of [
      ['GET', '/api/admin/tools/no-such-tool'],
      ['PATCH', '/api/admin/tools/no-such-tool', { description: 'x' }],
      ['DELETE', '/api/admin/tools/no-such-tool'],
      ['PUT', '/api/admin/tools/no-such-tool/secret', { credential: 'x' }],
    ] as const) {
      expectProblem(await admin(method, path, body), 404, 'not-found');
    }
    const stranger = await signInNewMember(api, 'owner');
    for (const [method, path, body] of [
      ['GET', `/api/admin/tools/${toolId}`],
      ['PATCH', `/api/admin/tools/${toolId}`, { description: 'x' }],
      ['DELETE', `/api/admin/tools/${toolId}`],
      ['PUT', `/api/admin/tools/${toolId}/secret`, { credential: 'x' }],
    ] as const) {
      expectProblem(await admin(method, path, body, stranger.access_token), 404, 'not-found');
    }
    const theirs = await admin('GET', '/api/admin/tools?status=all', undefined, stranger.access_token);
    expect(theirs.body.tools).toEqual([]);
    // The same name is free in another org.
    const own = await admin(
      'POST',
      '/api/admin/tools',
      { name: 'GitHub', auth_type: 'api_key' },
      stranger.access_token,
    );
    expect(own.status).toBe(201);
  });

  it('lets viewers read the catalog but not change it', async () => {
    const viewer = await signInNewMember(api, 'viewer', (await loginAs(api.url)).org_id);
    expect((await admin('GET', `/api/admin/tools/${toolId}`, undefined, viewer.access_token)).status).toBe(
      200,
    );
    expectProblem(
      await admin('POST', '/api/admin/tools', { name: 'X', auth_type: 'custom' }, viewer.access_token),
      403,
      'forbidden',
    );
    expectProblem(
      await admin('PUT', `/api/admin/tools/${toolId}/secret`, { credential: 'x' }, viewer.access_token),
      403,
      'forbidden',
    );
    expectProblem(await admin('GET', '/api/admin/tools', undefined, ''), 401, 'unauthenticated');
  });

  it('pages through the catalog by name with a cursor', async () => {
    for (const name of ['Linear', 'Notion', 'Vercel', 'Slack']) {
      expect((await admin('POST', '/api/admin/tools', { name, auth_type: 'api_key' })).status).toBe(201);
    }
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Reply = await admin('GET', `/api/admin/tools?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.body.tools.length).toBeLessThanOrEqual(2);
      names.push(...page.body.tools.map((t: { name: string }) => t.name));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(names).toEqual(['GitHub', 'Linear', 'Notion', 'Slack', 'Stripe', 'Vercel']);
    expectProblem(await admin('GET', '/api/admin/tools?limit=500'), 400, 'validation');
    expectProblem(await admin('GET', '/api/admin/tools?cursor=bm9wZQ'), 400, 'validation');
    expectProblem(await admin('GET', '/api/admin/tools?status=gone'), 400, 'validation');
  });

  it('retires a tool with a reason; a retired tool refuses changes and leaves the default listing', async () => {
    const retired = await admin('DELETE', `/api/admin/tools/${toolId}?reason=moved%20to%20GitLab`);
    expect(retired.status).toBe(200);
    expect(retired.body.tool).toMatchObject({ id: toolId, status: 'retired' });
    expectProblem(
      await admin('PATCH', `/api/admin/tools/${toolId}`, { description: 'y' }),
      409,
      'tool-retired',
    );
    expectProblem(
      await admin('PUT', `/api/admin/tools/${toolId}/secret`, { credential: 'z' }),
      409,
      'tool-retired',
    );
    expectProblem(await admin('DELETE', `/api/admin/tools/${toolId}`), 409, 'tool-retired');
    const active = await admin('GET', '/api/admin/tools');
    expect(active.body.tools.map((t: { id: string }) => t.id)).not.toContain(toolId);
    const gone = await admin('GET', '/api/admin/tools?status=retired');
    expect(gone.body.tools.map((t: { id: string }) => t.id)).toContain(toolId);
    expect(new Set(gone.body.tools.map((t: { status: string }) => t.status))).toEqual(new Set(['retired']));
    // The name is free again once its tool is retired.
    expect(
      (await admin('POST', '/api/admin/tools', { name: 'GitHub', auth_type: 'bearer_token' })).status,
    ).toBe(201);
  });

  it('records every change as an event with the member as actor, and no event holds a secret', async () => {
    const { rows } = await (
      await env.db.admin()
    ).query(`SELECT type, data, metadata FROM events WHERE stream_id = $1 ORDER BY stream_version`, [
      `tool-${toolId}`,
    ]);
    expect(rows.map((r) => r.type)).toEqual([
      'ToolAdded',
      'ToolSecretRotated',
      'ToolSecretRotated',
      'ToolUpdated',
      'ToolRetired',
    ]);
    expect(rows[2].data).toEqual({
      tool_id: toolId,
      version: 2,
      fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
      scope: null,
    });
    expect(rows[3].data).toEqual({
      tool_id: toolId,
      changes: {
        description: 'Code hosting',
        instructions: '# GitHub\nPrefer GraphQL.',
        credential_expires_at: null,
      },
      instructions_version: 2,
    });
    expect(rows[4].data).toEqual({ tool_id: toolId, reason: 'moved to GitLab' });
    for (const r of rows) expect(r.metadata.actor).toMatchObject({ type: 'member', id: memberId });
    const all = await (await env.db.admin()).query(`SELECT data::text || metadata::text AS text FROM events`);
    for (const secret of SECRETS) expect(all.rows.some((r) => r.text.includes(secret))).toBe(false);
  });

  it('documents every route with an operation id and a response schema', async () => {
    const doc = (await call(api.url, 'GET', '/api/openapi.json')).body;
    const ops = {
      listCatalogTools: doc.paths['/api/admin/tools'].get,
      createTool: doc.paths['/api/admin/tools'].post,
      getCatalogTool: doc.paths['/api/admin/tools/{id}'].get,
      updateTool: doc.paths['/api/admin/tools/{id}'].patch,
      retireTool: doc.paths['/api/admin/tools/{id}'].delete,
      setToolSecret: doc.paths['/api/admin/tools/{id}/secret'].put,
    };
    for (const [operationId, op] of Object.entries(ops)) {
      expect(op.operationId).toBe(operationId);
      const ok = op.responses['200'] ?? op.responses['201'];
      expect(ok.content['application/json'].schema.$ref).toMatch(/^#\/components\/schemas\//);
      expect(op.responses['404']).toBeDefined();
    }
    expect(doc.components.schemas.ToolDto.properties).not.toHaveProperty('credential');
  });

  it('never shows a secret in any response to a human', () => {
    expect(replies.length).toBeGreaterThan(40);
    for (const reply of replies) {
      for (const secret of SECRETS) expect(reply.text).not.toContain(secret);
    }
  });
});
