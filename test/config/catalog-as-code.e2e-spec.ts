import { parse } from 'yaml';
import { createTestEnv, type RunningApp, type TestEnv } from '../support/app';
import { addTool, adminSession } from '../support/story';

jest.setTimeout(60_000);

const SECRET = 'ghp_never_in_an_export_4242';

describe('the catalog as code: export, then import', () => {
  let env: TestEnv;
  let api: RunningApp;
  let token: string;
  let admin: Awaited<ReturnType<typeof adminSession>>['admin'];
  /** PUT a YAML document as the file was exported (the JSON client helper cannot send YAML). */
  const importYaml = async (body: string, query: string) => {
    const res = await fetch(`${api.url}/api/admin/config/import${query}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/yaml' },
      body,
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  beforeAll(async () => {
    env = await createTestEnv();
    api = await env.start({ KEYLEDGER_RATE_ADMIN: '1000/1m' }, { background: false });
    ({ token, admin } = await adminSession(api));
  });
  afterAll(() => env.close());

  it('round-trips to no changes, applies edits as ordinary events, and never carries secrets', async () => {
    const github = await addTool(admin, {
      name: 'GitHub',
      credential: SECRET,
      instructions: '# GitHub\n\nUse the REST API:\n\n    curl -H "Authorization: Bearer $TOKEN"\n',
      credential_expires_at: '2031-06-01T12:00:00.000Z',
    });
    await addTool(admin, {
      name: 'yes',
      url: null,
      description: '',
      instructions: '',
      credential: undefined,
    });
    await addTool(admin, {
      name: 'Per Agent DB',
      auth_type: 'basic_auth',
      credential_mode: 'per_agent',
      credential: undefined,
    });
    await addTool(admin, { name: 'Old', credential: undefined }).then((t) =>
      admin('DELETE', `/api/admin/tools/${t.id}`),
    );
    const pg = await env.db.admin();
    await pg.query(
      `INSERT INTO tool_policies (tool_id, org_id, required_approvals, max_duration_seconds, auto_approve, updated_at)
       SELECT id, org_id, 2, 86400, NULL, now() FROM tools WHERE id = $1`,
      [github.id],
    );

    const yamlExport = await fetch(`${api.url}/api/admin/config/export?format=yaml`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(yamlExport.status).toBe(200);
    expect(yamlExport.headers.get('content-type')).toMatch(/^application\/yaml/);
    const yamlText = await yamlExport.text();
    expect(yamlText).not.toContain(SECRET);
    const doc = parse(yamlText);
    expect(doc.version).toBe(1);
    expect(doc.tools.map((t: any) => t.name)).toEqual(['GitHub', 'Per Agent DB', 'yes']);
    expect(doc.tools[0]).toMatchObject({
      credential_expires_at: '2031-06-01T12:00:00.000Z',
      policy: { required_approvals: 2, max_duration_seconds: 86400, auto_approve: null },
    });
    expect(doc.tools[0]).not.toHaveProperty('credential');

    const eventsBefore = (await pg.query('SELECT count(*)::int AS n FROM events')).rows[0].n;
    const dryYaml = await importYaml(yamlText, '?dry_run=true&prune=true');
    expect(dryYaml).toEqual({ status: 200, body: { changes: [], applied: false } });
    const jsonExport = await admin('GET', '/api/admin/config/export?format=json');
    expect(jsonExport.body).toEqual(doc);
    const dryJson = await admin('PUT', '/api/admin/config/import?dry_run=true&prune=true', jsonExport.body);
    expect(dryJson.body).toEqual({ changes: [], applied: false });
    // Applying a document that matches changes nothing either.
    expect((await admin('PUT', '/api/admin/config/import', jsonExport.body)).body).toEqual({
      changes: [],
      applied: true,
    });
    expect((await pg.query('SELECT count(*)::int AS n FROM events')).rows[0].n).toBe(eventsBefore);

    const edited = structuredClone(doc);
    edited.tools[0].instructions = 'Use the GraphQL API.';
    edited.tools[1].description = 'Orders database';
    edited.tools.splice(2, 1); // drop "yes"
    edited.tools.push({
      name: 'Linear',
      url: 'https://linear.app',
      auth_type: 'api_key',
      instructions: 'GraphQL.',
    });
    const planned = await admin('PUT', '/api/admin/config/import?dry_run=true&prune=true', edited);
    expect(planned.status).toBe(200);
    expect(planned.body.applied).toBe(false);
    expect(planned.body.changes).toEqual([
      {
        action: 'update',
        tool: 'GitHub',
        tool_id: github.id,
        fields: { instructions: 'Use the GraphQL API.' },
      },
      {
        action: 'update',
        tool: 'Per Agent DB',
        tool_id: expect.any(String),
        fields: { description: 'Orders database' },
      },
      {
        action: 'create',
        tool: 'Linear',
        tool_id: null,
        fields: { name: 'Linear', url: 'https://linear.app', auth_type: 'api_key', instructions: 'GraphQL.' },
      },
      { action: 'retire', tool: 'yes', tool_id: expect.any(String), fields: {} },
    ]);
    expect((await pg.query('SELECT count(*)::int AS n FROM events')).rows[0].n).toBe(eventsBefore);

    const [{ last }] = (await pg.query('SELECT max(position)::text AS last FROM events')).rows;
    const applied = await admin('PUT', '/api/admin/config/import?prune=true', edited);
    expect(applied.status).toBe(200);
    expect(applied.body.applied).toBe(true);
    expect(applied.body.changes[2].tool_id).toEqual(expect.any(String));
    const { rows } = await pg.query(
      `SELECT type, metadata->'actor'->>'type' AS actor FROM events WHERE position > $1 ORDER BY position`,
      [last],
    );
    expect(rows.map((r) => r.type)).toEqual(['ToolUpdated', 'ToolUpdated', 'ToolAdded', 'ToolRetired']);
    expect(new Set(rows.map((r) => r.actor))).toEqual(new Set(['member']));

    const again = await admin('GET', '/api/admin/config/export?format=json');
    expect(
      (await admin('PUT', '/api/admin/config/import?dry_run=true&prune=true', again.body)).body.changes,
    ).toEqual([]);
  });

  it('refuses documents with secrets, unknown fields or bad values', async () => {
    const withSecret = { version: 1, tools: [{ name: 'X', auth_type: 'api_key', credential: 'sk_live_1' }] };
    const refused = await admin('PUT', '/api/admin/config/import?dry_run=true', withSecret);
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ field: 'tools.0.credential', message: 'is not a known field' }]);
    const badType = await admin('PUT', '/api/admin/config/import?dry_run=true', {
      version: 1,
      tools: [{ name: 'X', auth_type: 'magic' }],
    });
    expect(badType.status).toBe(400);
    expect((await importYaml('tools: [unclosed', '?dry_run=true')).status).toBe(400);
    expect(
      (await admin('PUT', '/api/admin/config/import?dry_run=true', { version: 2, tools: [] })).status,
    ).toBe(400);
  });
});
