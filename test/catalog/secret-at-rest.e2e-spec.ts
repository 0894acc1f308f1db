import type { Client } from 'pg';
import { createTestEnv, type RunningApp, type TestEnv } from '../support/app';
import { call, loginAs } from '../support/http';

const STRING_SECRET = 'sk_live_atRestProbe-4c1f0e9b7a';
const OBJECT_PASSWORD = 'basic-auth-atRestProbe-e5d2';

/** Every form the plaintext could take if something stored it carelessly. */
const forms = (text: string) => [
  text,
  Buffer.from(text).toString('hex'),
  Buffer.from(text).toString('base64'),
  Buffer.from(text).toString('base64url'),
];

describe('secrets at rest', () => {
  let env: TestEnv;
  let api: RunningApp;
  let su: Client;

  beforeAll(async () => {
    env = await createTestEnv();
    api = await env.start({}, { background: true });
    su = await env.db.admin();
  });
  afterAll(() => env.close());

  it('no table in the database holds a stored secret in plain text', async () => {
    const { access_token: token } = await loginAs(api.url);
    const shared = await call(api.url, 'POST', '/api/admin/tools', {
      token,
      body: { name: 'Stripe', auth_type: 'api_key', credential: STRING_SECRET },
    });
    expect(shared.status).toBe(201);
    const basic = await call(api.url, 'POST', '/api/admin/tools', {
      token,
      body: {
        name: 'Jira',
        auth_type: 'basic_auth',
        credential: { username: 'bot', password: OBJECT_PASSWORD },
      },
    });
    expect(basic.status).toBe(201);
    await call(api.url, 'PUT', `/api/admin/tools/${basic.body.tool.id}/secret`, {
      token,
      body: { credential: { username: 'bot', password: OBJECT_PASSWORD + '-2' } },
    });

    const { rows: columns } = await su.query<{ table_name: string; column_name: string; data_type: string }>(
      `SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
       JOIN information_schema.tables t USING (table_schema, table_name)
       WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
         AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea', 'ARRAY', 'USER-DEFINED')`,
    );
    const tables = new Set(columns.map((c) => c.table_name));
    // The search must cover where secrets live and where they could leak to.
    for (const t of ['secret_versions', 'events', 'tools', 'tool_instructions', 'streams'])
      expect(tables).toContain(t);

    const needles = [...forms(STRING_SECRET), ...forms(OBJECT_PASSWORD)];
    const hits: string[] = [];
    for (const { table_name: table, column_name: column, data_type: type } of columns) {
      for (const needle of needles) {
        const found = await su.query(
          type === 'bytea'
            ? // bytea: look for the needle's UTF-8 bytes anywhere in the value
              `SELECT 1 FROM ${q(table)} WHERE position(convert_to($1, 'UTF8') IN ${q(column)}) > 0 LIMIT 1`
            : `SELECT 1 FROM ${q(table)} WHERE ${q(column)}::text LIKE '%' || $1 || '%' LIMIT 1`,
          [needle],
        );
        if (found.rowCount) hits.push(`${table}.${column} holds ${needle}`);
      }
    }
    // And whole rows as text, which covers every other column type too.
    for (const table of tables) {
      for (const needle of needles) {
        const found = await su.query(
          `SELECT 1 FROM ${q(table)} t WHERE t::text LIKE '%' || $1 || '%' LIMIT 1`,
          [needle],
        );
        if (found.rowCount) hits.push(`a row of ${table} holds ${needle}`);
      }
    }
    expect(hits).toEqual([]);
    const { rows } = await su.query(`SELECT count(*)::int AS n FROM secret_versions`);
    expect(rows[0].n).toBe(3); // the search ran over rows that do hold the secrets, encrypted
  });
});

const q = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;
