import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import type { Client as PgClient } from 'pg';
import { unwrap } from '../../packages/client/src';
import { addTool, registerAgent, staff } from '../client/staff';
import { createTestEnv, type RunningApp, type TestEnv } from '../support/app';
import { eventually } from '../support/eventually';
import { call } from '../support/http';

jest.setTimeout(90_000);

const CREDENTIAL_BUDGET = 6;

async function connect(url: string, key?: string): Promise<Client> {
  const client = new Client({ name: 'keyledger-e2e', version: '1' });
  const headers: Record<string, string> = key ? { Authorization: `Bearer ${key}` } : {};
  await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', url), { requestInit: { headers } }));
  return client;
}

/** Calls a tool and parses the JSON text the Keyledger tools answer with. */
async function tool(client: Client, name: string, args: Record<string, unknown> = {}) {
  const result = CallToolResultSchema.parse(await client.callTool({ name, arguments: args }));
  const [first] = result.content;
  if (first?.type !== 'text') throw new Error(`${name} answered no text`);
  let body: any = first.text;
  try {
    body = JSON.parse(first.text);
  } catch {
    /* left as text: the assertions on `body` then fail and show it */
  }
  return { isError: result.isError === true, body };
}

describe('MCP at /mcp', () => {
  let env: TestEnv;
  let api: RunningApp;
  let db: PgClient;

  beforeAll(async () => {
    env = await createTestEnv();
    // Every test signs its staff in (test/client/staff.ts): more than the default login tier.
    api = await env.start({
      KEYLEDGER_RATE_CREDENTIAL: `${CREDENTIAL_BUDGET}/1m`,
      KEYLEDGER_RATE_LOGIN: '100/15m',
      KEYLEDGER_REFUSAL_WINDOW_SECONDS: '1',
    });
    db = await env.db.admin();
  });
  afterAll(() => env.close());

  const eventsOf = async (stream: string) =>
    (await db.query(`SELECT type, metadata FROM events WHERE stream_id = $1 ORDER BY position`, [stream]))
      .rows;

  it('lists four tools, requests access, gets the credential after approval, all recorded as mcp', async () => {
    const { owner, approver } = await staff(api);
    const github = await addTool(owner, 'GitHub MCP', 'ghp_mcp_secret_0123456789');
    const scout = await registerAgent(owner, 'MCP-Scout');
    const mcp = await connect(api.url, scout.key);

    const { tools } = await mcp.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'get_credential',
      'list_tools',
      'request_access',
      'suggest_tool',
    ]);
    for (const t of tools) expect(t.description?.length).toBeGreaterThan(80);
    const request = tools.find((t) => t.name === 'request_access')!;
    expect(request.inputSchema.required?.sort()).toEqual(['reason', 'tool_id']);
    expect(Object.keys(request.inputSchema.properties ?? {}).sort()).toEqual([
      'duration_seconds',
      'reason',
      'tool_id',
    ]);
    const suggest = tools.find((t) => t.name === 'suggest_tool')!;
    expect(Object.keys(suggest.inputSchema.properties ?? {}).sort()).toEqual(['name', 'reason', 'url']);

    const listed = await tool(mcp, 'list_tools');
    expect(listed.isError).toBe(false);
    expect(listed.body.tools.find((t: { id: string }) => t.id === github.id)).toMatchObject({
      your_access: 'none',
    });

    const early = await tool(mcp, 'get_credential', { tool_id: github.id });
    expect(early).toMatchObject({ isError: true, body: { status: 403, reason: 'no_grant' } });
    expect(early.body.type).toMatch(/\/problems\/no-access$/);

    // The SDK's own argument validation answers the problem document HTTP would (issue 14.10).
    const tooShort = await tool(mcp, 'request_access', { tool_id: github.id, reason: 'no' });
    expect(tooShort).toMatchObject({ isError: true, body: { status: 400, title: 'Bad Request' } });
    expect(tooShort.body.type).toMatch(/\/problems\/validation$/);
    expect(tooShort.body.detail).toMatch(/reason/);
    expect(typeof tooShort.body.error).toBe('string');
    expect(typeof tooShort.body.hint).toBe('string');
    const unknownField = await tool(mcp, 'request_access', {
      tool_id: github.id,
      reason: 'valid reason',
      x: 1,
    });
    expect(unknownField).toMatchObject({ isError: true, body: { status: 400 } });
    expect(unknownField.body.hint).toEqual(expect.any(String));
    const unknownTool = await tool(mcp, 'delete_everything', {});
    expect(unknownTool).toMatchObject({ isError: true, body: { status: 404 } });
    expect(unknownTool.body.type).toMatch(/\/problems\/unknown-tool$/);

    const asked = await tool(mcp, 'request_access', {
      tool_id: github.id,
      reason: 'open issues for the nightly failures',
      duration_seconds: 3600,
    });
    expect(asked).toMatchObject({ isError: false, body: { status: 'pending' } });
    const requestId: string = asked.body.request_id;
    await unwrap(
      approver.POST('/api/admin/requests/{requestId}/approve', { params: { path: { requestId } }, body: {} }),
    );

    const fetched = await tool(mcp, 'get_credential', { tool_id: github.id });
    expect(fetched).toMatchObject({
      isError: false,
      body: { tool_id: github.id, credential: 'ghp_mcp_secret_0123456789', grant_id: requestId },
    });
    expect(fetched.body.instructions).toContain('Authorization: Bearer');

    const trail = await eventsOf(`access-${requestId}`);
    expect(trail.map((e) => e.type)).toEqual(['AccessRequested', 'AccessApproved', 'CredentialVended']);
    const vended = trail.find((e) => e.type === 'CredentialVended')!;
    expect(vended.metadata).toMatchObject({ channel: 'mcp', actor: { type: 'agent', id: scout.id } });
    expect(trail[0].metadata.channel).toBe('mcp');
    expect(trail[1].metadata.channel).toBe('http');
    const denials = await eventsOf(`agent-${scout.id}`);
    expect(denials.filter((e) => e.type === 'CredentialDenied').map((e) => e.metadata.channel)).toEqual([
      'mcp',
    ]);
    await mcp.close();
  });

  it('shares the credential tier with HTTP: one budget per agent, 429 as a problem', async () => {
    const { owner, approver } = await staff(api);
    const stripe = await addTool(owner, 'Stripe MCP', 'sk_test_mcp_0123456789');
    const agent = await registerAgent(owner, 'MCP-Budget');
    const mcp = await connect(api.url, agent.key);
    const asked = await tool(mcp, 'request_access', { tool_id: stripe.id, reason: 'reconcile payouts' });
    await unwrap(
      approver.POST('/api/admin/requests/{requestId}/approve', {
        params: { path: { requestId: asked.body.request_id } },
        body: {},
      }),
    );
    const http = await call(api.url, 'GET', `/api/tools/${stripe.id}/credentials`, { token: agent.key });
    expect(http.status).toBe(200);
    const answers = [];
    for (let i = 1; i < CREDENTIAL_BUDGET + 1; i++)
      answers.push(await tool(mcp, 'get_credential', { tool_id: stripe.id }));
    expect(answers.slice(0, -1).every((a) => !a.isError)).toBe(true);
    expect(answers.at(-1)).toMatchObject({ isError: true, body: { status: 429, tier: 'credential' } });
    expect(answers.at(-1)!.body.retry_after).toBeGreaterThan(0);
    expect(
      (await call(api.url, 'GET', `/api/tools/${stripe.id}/credentials`, { token: agent.key })).status,
    ).toBe(429);
    await mcp.close();
  });

  it('suggests tools through the same command as POST /api/tools/suggest', async () => {
    const { owner } = await staff(api);
    const known = await addTool(owner, 'Notion MCP', 'secret_notion_0123456789');
    const agent = await registerAgent(owner, 'MCP-Suggester');
    const mcp = await connect(api.url, agent.key);
    const suggested = await tool(mcp, 'suggest_tool', {
      name: 'Linear',
      url: 'https://linear.app',
      reason: 'file the nightly bugs as issues',
    });
    expect(suggested).toMatchObject({ isError: false, body: { status: 'open', existing: false } });
    const trail = await eventsOf(`suggestion-${suggested.body.suggestion_id}`);
    expect(trail.map((e) => e.metadata.channel)).toEqual(['mcp']);
    // A tool already in the catalog: the problem carries its id, so the agent requests it instead.
    const exists = await tool(mcp, 'suggest_tool', { name: known.name, reason: 'we need pages' });
    expect(exists).toMatchObject({ isError: true, body: { status: 409, tool_id: known.id } });
    await mcp.close();
  });

  it("answers a plain JSON-RPC POST with the tier's rate-limit headers and the request id", async () => {
    const { owner } = await staff(api);
    const agent = await registerAgent(owner, 'MCP-Raw');
    const raw = await call(api.url, 'POST', '/mcp', {
      token: agent.key,
      body: { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'list_tools', arguments: {} } },
      headers: { accept: 'application/json, text/event-stream', 'x-request-id': 'mcp-raw-1' },
    });
    expect(raw.status).toBe(200);
    expect(raw.body).toMatchObject({ jsonrpc: '2.0', id: 7, result: { content: [{ type: 'text' }] } });
    expect(raw.headers.get('x-ratelimit-limit')).toBe(String(api.config.rateTiers.read.limit));
    expect(raw.headers.get('x-request-id')).toBe('mcp-raw-1');
    const get = await call(api.url, 'GET', '/mcp', { token: agent.key });
    expect(get.status).toBe(405);
  });

  it('answers get_credential with Cache-Control: no-store, like the HTTP credential route (issue 13)', async () => {
    const { owner, approver } = await staff(api);
    const linear = await addTool(owner, 'Linear MCP', 'lin_api_mcp_no_store_0123456789');
    const agent = await registerAgent(owner, 'MCP-No-Store');
    const rpc = (id: number, name: string, args: Record<string, unknown>) =>
      call(api.url, 'POST', '/mcp', {
        token: agent.key,
        body: { jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } },
        headers: { accept: 'application/json, text/event-stream' },
      });
    const asked = await rpc(1, 'request_access', { tool_id: linear.id, reason: 'file the nightly bugs' });
    const requestId = JSON.parse(asked.body.result.content[0].text).request_id as string;
    await unwrap(
      approver.POST('/api/admin/requests/{requestId}/approve', { params: { path: { requestId } }, body: {} }),
    );
    const fetched = await rpc(2, 'get_credential', { tool_id: linear.id });
    expect(fetched.status).toBe(200);
    expect(fetched.text).toContain('lin_api_mcp_no_store_0123456789');
    expect(fetched.headers.get('cache-control')).toMatch(/\bno-store\b/);
    expect(fetched.headers.get('cache-control')).toMatch(/\bprivate\b/);
  });

  it('refuses a bogus or missing key with 401 before any tool runs, and a suspended agent with 403', async () => {
    await expect(connect(api.url, 'klk_bogus')).rejects.toMatchObject({ code: 401 });
    await expect(connect(api.url)).rejects.toMatchObject({ code: 401 });
    const raw = await call(api.url, 'POST', '/mcp', {
      token: 'klk_bogus',
      body: { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'list_tools', arguments: {} } },
      headers: { accept: 'application/json, text/event-stream' },
    });
    expect(raw.status).toBe(401);
    expect(raw.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(raw.body.type).toMatch(/\/problems\/invalid-agent-key$/);

    const { owner } = await staff(api);
    const agent = await registerAgent(owner, 'MCP-Suspended');
    await unwrap(
      owner.POST('/api/admin/agents/{agentId}/suspend', {
        params: { path: { agentId: agent.id } },
        body: { reason: 'leaked key' },
      }),
    );
    await expect(connect(api.url, agent.key)).rejects.toMatchObject({ code: 403 });
    // Counted into one event per key and window (docs/adr/0013), appended when the window ends.
    const refusals = async () =>
      (await eventsOf(`agent-${agent.id}`)).filter((e) => e.type === 'AgentRequestsRefused');
    await eventually(async () => (await refusals()).length, 1, 10_000);
    const [refusal] = await refusals();
    expect(refusal.metadata).toMatchObject({ channel: 'mcp' });
  });
});
