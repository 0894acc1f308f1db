import type { Client as PgClient } from 'pg';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { createTestEnv, type RunningApp, type TestEnv } from '../support/app';
import {
  FAULT_RATES,
  fixtures,
  type Fixtures,
  type Operation,
  operationsOf,
  pathOf,
  send,
  stateOf,
  tokenFor,
} from './input-support';

jest.setTimeout(120_000);

const PROBLEM = /^application\/problem\+json/;
const deep = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

/** Issue 14, items 6 to 10: bad input answers a 400-class problem, changes nothing, and says what to do. */
describe('bad input', () => {
  let env: TestEnv;
  let api: RunningApp;
  let db: PgClient;
  let f: Fixtures;
  let ops: Operation[];

  beforeAll(async () => {
    env = await createTestEnv();
    api = await env.start(FAULT_RATES, { background: false });
    db = await env.db.admin();
    f = await fixtures(api);
    ops = operationsOf((await send(api.url, 'GET', '/api/openapi.json')).body);
  });
  afterAll(() => env.close());

  /** Runs `attempt`, then checks that not one row changed anywhere. */
  async function unchanged<T>(attempt: () => Promise<T>): Promise<T> {
    const before = await stateOf(db);
    const result = await attempt();
    expect(await stateOf(db)).toEqual(before);
    return result;
  }

  const jsonBodyOps = () => ops.filter((op) => op.body);
  const answers = (replies: Array<{ op: string; status: number; type: string }>) =>
    replies.filter((r) => r.status !== 400 || !PROBLEM.test(r.type));

  describe('item 6: nesting', () => {
    it('refuses JSON nested 5,000 levels deep with a 400 problem on every JSON-body route, login included', async () => {
      const replies = await unchanged(() =>
        Promise.all(
          jsonBodyOps().map(async (op) => {
            const res = await send(api.url, op.method, pathOf(op, f), {
              token: tokenFor(op, f),
              contentType: 'application/json',
              body: `{"x": ${deep(5000)}}`,
            });
            return { op: op.operationId, status: res.status, type: res.type, detail: res.body?.detail };
          }),
        ),
      );
      expect(replies.map((r) => r.op)).toContain('login');
      expect(replies.length).toBeGreaterThanOrEqual(28);
      expect(answers(replies)).toEqual([]);
    });

    it('refuses a YAML import nested too deep, or holding a NUL escape', async () => {
      const yaml = (text: string) =>
        send(api.url, 'PUT', '/api/admin/config/import', {
          token: f.ownerToken,
          contentType: 'application/yaml',
          body: text,
        });
      const tooDeep = await unchanged(() => yaml(`version: 1\ntools: ${deep(200)}\n`));
      expect(tooDeep).toMatchObject({ status: 400, body: { errors: [{ field: 'tools' }] } });
      const nul = await unchanged(() =>
        yaml('version: 1\ntools:\n  - name: "Git\\0Hub"\n    auth_type: bearer_token\n'),
      );
      expect(nul).toMatchObject({ status: 400, body: { errors: [{ field: 'tools[0].name' }] } });
      expect(nul.type).toMatch(PROBLEM);
    });
  });

  describe('item 7: NUL bytes and lone surrogates', () => {
    it('answers 400 for a NUL in any path parameter', async () => {
      const withParams = ops.filter((op) => op.pathParams.length > 0);
      expect(withParams.length).toBeGreaterThanOrEqual(23);
      const replies = await unchanged(() =>
        Promise.all(
          withParams.map(async (op) => {
            const res = await send(
              api.url,
              op.method,
              pathOf(op, f, { param: op.pathParams[0], raw: 'abc%00def' }),
              { token: tokenFor(op, f) },
            );
            return { op: op.operationId, status: res.status, type: res.type };
          }),
        ),
      );
      expect(answers(replies)).toEqual([]);
    });

    it('answers 400 for a NUL in an id filter, and in the login body', async () => {
      const filters = [
        '/api/admin/grants?agent_id=%00',
        '/api/admin/requests?tool_id=a%00b',
        '/api/audit/events?actor_id=%00',
        '/api/audit/events?stream_id=agent-%00',
        '/api/audit/access?agent_id=%00',
      ];
      for (const path of filters) {
        const res = await send(api.url, 'GET', path, { token: f.ownerToken });
        expect({ path, status: res.status, type: res.type }).toMatchObject({ status: 400, type: PROBLEM });
      }
      const login = await unchanged(() =>
        send(api.url, 'POST', '/api/auth/login', {
          contentType: 'application/json',
          body: JSON.stringify({ email: 'owner@example.com\u0000', password: 'x' }),
        }),
      );
      expect(login).toMatchObject({ status: 400, body: { errors: [{ field: 'email' }] } });
    });

    it.each([
      ['a NUL', 'Scout\u0000'],
      ['a lone high surrogate', 'Scout\ud800'],
      ['a lone low surrogate', '\udc00Scout'],
    ])('answers 400, not 503, for %s in a string a write route stores', async (_what, text) => {
      const writes: Array<[string, string, string | undefined, Record<string, unknown>]> = [
        ['PATCH', `/api/admin/agents/${f.ids.agent}`, f.ownerToken, { name: text }],
        ['POST', '/api/admin/agents', f.ownerToken, { name: text }],
        ['POST', '/api/admin/tools', f.ownerToken, { name: text, auth_type: 'bearer_token' }],
        ['POST', `/api/tools/${f.ids.tool}/request`, f.agentKey, { reason: `because ${text}` }],
        ['POST', '/api/tools/suggest', f.agentKey, { name: 'Notion', reason: `notes ${text}` }],
        ['PUT', `/api/admin/tools/${f.ids.tool}/secret`, f.ownerToken, { credential: { token: text } }],
        ['POST', `/api/admin/grants/${f.ids.grant}/revoke`, f.ownerToken, { reason: text }],
        ['POST', '/api/admin/agents', f.ownerToken, { name: 'Fine', [`x${text}`]: 1 }],
      ];
      for (const [method, path, token, body] of writes) {
        const res = await unchanged(() =>
          send(api.url, method, path, { token, contentType: 'application/json', body: JSON.stringify(body) }),
        );
        expect({ method, path, status: res.status, type: res.type }).toMatchObject({
          status: 400,
          type: PROBLEM,
        });
      }
    });
  });

  describe('item 8: nulls and integer bounds', () => {
    it('refuses a null agent name instead of crashing on it', async () => {
      const res = await unchanged(() =>
        send(api.url, 'PATCH', `/api/admin/agents/${f.ids.agent}`, {
          token: f.ownerToken,
          contentType: 'application/json',
          body: '{"name": null}',
        }),
      );
      expect(res).toMatchObject({
        status: 400,
        body: { errors: expect.arrayContaining([{ field: 'name', message: 'name must be a string' }]) },
      });
    });

    it('refuses an instructions version beyond PostgreSQL integers', async () => {
      const res = await unchanged(() =>
        send(api.url, 'POST', `/api/admin/tools/${f.ids.tool}/instructions/restore`, {
          token: f.ownerToken,
          contentType: 'application/json',
          body: '{"version": 1e308}',
        }),
      );
      expect(res).toMatchObject({ status: 400, body: { errors: [{ field: 'version' }] } });
    });

    it.each([
      ['POST', '/api/admin/agents', { name: 'Nulls', description: null }],
      ['POST', '/api/admin/members', { email: 'n@example.com', role: 'viewer', display_name: null }],
      [
        'POST',
        '/api/admin/webhooks',
        { url: 'https://hooks.example.com/x', events: ['AccessRequested'], secret: null },
      ],
      ['POST', '/api/auth/login', { email: 'owner@example.com', password: 'owner-password-123', org: null }],
    ])('refuses null where the document does not say nullable: %s %s', async (method, path, body) => {
      const res = await unchanged(() =>
        send(api.url, method, path, {
          token: path === '/api/auth/login' ? undefined : f.ownerToken,
          contentType: 'application/json',
          body: JSON.stringify(body),
        }),
      );
      expect(res.status).toBe(400);
    });
  });

  describe('item 9: every error is a problem; what the document does not list is refused', () => {
    it.each([
      ['GET', '/api/admin/agents/%FF%FE', 400],
      ['GET', '/api/tools/%ED%A0%80', 400],
      ['POST', `/api/admin/agents/${'a'.repeat(101)}/suspend`, 404],
      ['GET', '/%C0%AF', 400],
    ])('answers %s %s with a problem', async (method, path, status) => {
      const res = await send(api.url, method, path, { token: f.ownerToken });
      expect({ status: res.status, type: res.type }).toMatchObject({ status, type: PROBLEM });
      expect(res.body).toMatchObject({ status, error: expect.any(String), hint: expect.any(String) });
    });

    it('refuses unknown query parameters on every operation', async () => {
      const replies = await unchanged(() =>
        Promise.all(
          ops.map(async (op) => {
            const res = await send(api.url, op.method, `${pathOf(op, f)}?no_such_parameter=1`, {
              token: tokenFor(op, f),
            });
            return { op: op.operationId, status: res.status, type: res.type };
          }),
        ),
      );
      expect(answers(replies)).toEqual([]);
    });

    it('refuses a body on operations that take none', async () => {
      const none = ops.filter((op) => op.bodyTypes.length === 0 && op.method !== 'GET');
      expect(none.length).toBeGreaterThanOrEqual(4);
      const replies = await unchanged(() =>
        Promise.all(
          none.map(async (op) => {
            const res = await send(api.url, op.method, pathOf(op, f), {
              token: tokenFor(op, f),
              contentType: 'application/json',
              body: '{"unexpected": true}',
            });
            return { op: op.operationId, status: res.status, type: res.type };
          }),
        ),
      );
      expect(answers(replies)).toEqual([]);
    });

    it('answers 415 for a body in a media type the operation does not take', async () => {
      const res = await unchanged(() =>
        send(api.url, 'POST', '/api/admin/agents', {
          token: f.ownerToken,
          contentType: 'text/plain',
          body: 'name=Scout',
        }),
      );
      expect({ status: res.status, type: res.type }).toMatchObject({ status: 415, type: PROBLEM });
    });

    it.each([
      '/api/admin/grants?agent_id=nope',
      '/api/admin/requests?tool_id=nope',
      '/api/audit/events?agent_id=nope',
      '/api/audit/events?stream_id=nope',
      '/api/audit/events?actor_id=%3Bdrop',
      '/api/audit/access?tool_id=nope',
    ])('answers 400 for a malformed id filter: %s', async (path) => {
      const res = await send(api.url, 'GET', path, { token: f.ownerToken });
      expect({ status: res.status, type: res.type }).toMatchObject({ status: 400, type: PROBLEM });
    });

    it('still answers well-formed filters', async () => {
      for (const path of [
        `/api/admin/grants?agent_id=${f.ids.agent}`,
        `/api/audit/events?stream_id=${f.ids.stream}&actor_id=system`,
        `/api/audit/events?actor_id=${f.ids.agent}`,
      ]) {
        expect((await send(api.url, 'GET', path, { token: f.ownerToken })).status).toBe(200);
      }
    });
  });

  describe('item 10: agents read their errors', () => {
    it('puts error and hint on agent problems, the hint naming the next step', async () => {
      const missing = await send(api.url, 'GET', '/api/tools');
      expect(missing.body).toMatchObject({ status: 401, error: 'Missing API key' });
      expect(missing.body.hint).toMatch(/Authorization: Bearer klk_/);

      const added = await send(api.url, 'POST', '/api/admin/tools', {
        token: f.ownerToken,
        contentType: 'application/json',
        body: JSON.stringify({ name: 'Withheld', auth_type: 'bearer_token', credential: 'tok_withheld_123' }),
      });
      const withheld = added.body.tool as { id: string };
      const noGrant = await send(api.url, 'GET', `/api/tools/${withheld.id}/credentials`, {
        token: f.agentKey,
      });
      expect(noGrant.body).toMatchObject({ status: 403, error: expect.any(String), tool_id: withheld.id });
      expect(noGrant.body.hint).toContain(`/api/tools/${withheld.id}/request`);

      const unknown = await send(api.url, 'GET', '/api/tools/no-such-tool', { token: f.agentKey });
      expect(unknown.body).toMatchObject({ status: 404, error: 'Tool not found' });
      expect(unknown.body.hint).toMatch(/GET \/api\/tools/);

      const invalid = await send(api.url, 'POST', `/api/tools/${f.ids.tool}/request`, {
        token: f.agentKey,
        contentType: 'application/json',
        body: '{"reason": "no"}',
      });
      expect(invalid.body).toMatchObject({ status: 400, error: 'Invalid input' });
      expect(invalid.body.hint).toContain(`GET /api/tools/${f.ids.tool}/request`);
    });

    it('puts error and hint on MCP problems', async () => {
      const mcp = new Client({ name: 'bad-input', version: '1' });
      await mcp.connect(
        new StreamableHTTPClientTransport(new URL('/mcp', api.url), {
          requestInit: { headers: { Authorization: `Bearer ${f.agentKey}` } },
        }),
      );
      const result = CallToolResultSchema.parse(
        await mcp.callTool({ name: 'get_credential', arguments: { tool_id: 'no-such-tool' } }),
      );
      await mcp.close();
      const [first] = result.content;
      const body = JSON.parse(first.type === 'text' ? first.text : '{}') as Record<string, unknown>;
      expect(result.isError).toBe(true);
      expect(body).toMatchObject({ status: 404, error: 'Tool not found', hint: expect.stringMatching(/\S/) });
    });

    it.each([
      ['/api/tools/{toolId}/request', 'requestAccess'],
      ['/api/tools/suggest', 'suggestTool'],
      ['/api/tools/{toolId}/instructions/suggest', 'suggestInstructions'],
    ])(
      'answers GET %s with the JSON Schema of its POST body, from the OpenAPI document',
      async (path, opId) => {
        const url = path.replace('{toolId}', f.ids.tool);
        const res = await send(api.url, 'GET', url, { token: f.agentKey });
        expect(res.status).toBe(200);
        expect(res.type).toMatch(/^application\/schema\+json/);
        const post = ops.find((op) => op.operationId === opId)!;
        expect(res.body).toMatchObject({
          $schema: 'https://json-schema.org/draft/2020-12/schema',
          type: 'object',
          additionalProperties: false,
          required: post.body!.required,
        });
        expect(Object.keys(res.body.properties).sort()).toEqual(Object.keys(post.body!.properties).sort());
        for (const [name, schema] of Object.entries(post.body!.properties as Record<string, any>)) {
          const { example, ...rest } = schema;
          expect(res.body.properties[name]).toEqual({
            ...rest,
            ...(example === undefined ? {} : { examples: [example] }),
          });
        }
        const get = ops.find((op) => op.method === 'GET' && op.path === path);
        expect(get).toMatchObject({ auth: 'agent' });
        if (path.includes('{toolId}')) {
          const unknown = await send(api.url, 'GET', path.replace('{toolId}', 'no-such-tool'), {
            token: f.agentKey,
          });
          expect(unknown.body).toMatchObject({ status: 404, error: 'Tool not found' });
        }
      },
    );
  });
});
