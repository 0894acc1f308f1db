import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { auditExport } from '../../apps/cli/src/commands/audit-export.command';
import type { CliContext } from '../../apps/cli/src/context';
import { EXPORT_PAGE_SIZE } from '../../libs/audit/src/export-events/audit-export.query';
import { EventStore } from '../../libs/event-store/src/event-store';
import { createTestEnv, type RunningApp, type TestEnv } from '../support/app';
import { call, loginAs } from '../support/http';
import { addTool, adminSession, agentClient, registerAgent } from '../support/story';
import { allEvents, caughtUp } from './audit-support';
import { parseCsv } from './csv';

jest.setTimeout(120_000);

const EXTRA = EXPORT_PAGE_SIZE + 700; // more than one page of the export, and of the list

describe('exporting the audit trail', () => {
  let env: TestEnv;
  let api: RunningApp;
  let token: string;
  let orgId: string;
  let agentId: string;
  let toolName: string;

  beforeAll(async () => {
    env = await createTestEnv();
    api = await env.start();
    const session = await adminSession(api);
    token = session.token;
    orgId = (await loginAs(api.url)).org_id;
    const tool = await addTool(session.admin);
    toolName = tool.name;
    // A name a spreadsheet would run as a formula, with a comma and quotes to escape.
    const agent = await registerAgent(session.admin, '=HYPERLINK("http://x"), Scout');
    agentId = agent.id;
    const ask = agentClient(api, agent.key);
    const grantId = (await ask('POST', `/api/tools/${tool.id}/request`, { reason: 'export test' })).body
      .request_id;
    await session.admin('POST', `/api/admin/requests/${grantId}/approve`, {});
    expect((await ask('GET', `/api/tools/${tool.id}/credentials`)).status).toBe(200);
    // Many fetches, appended the way the vend handler does, many per append.
    const store = api.app.get(EventStore);
    const actor = { type: 'agent' as const, id: agent.id, name: '=HYPERLINK("http://x"), Scout' };
    for (let done = 0; done < EXTRA; done += 500) {
      const events = Array.from({ length: Math.min(500, EXTRA - done) }, () => ({
        type: 'CredentialVended',
        data: { grant_id: grantId, agent_id: agent.id, tool_id: tool.id, key_id: 'k', secret_version: 1 },
      }));
      await store.append(`access-${grantId}`, 'any', events, {
        org_id: orgId,
        actor,
        correlation_id: randomUUID(),
        causation_id: null,
        ip: '10.0.0.7',
        user_agent: 'bulk\nloader, "v2"',
        channel: 'http',
      });
    }
    await caughtUp(api);
  });
  afterAll(() => env.close());

  it('streams NDJSON: every event of the list, in the same order and shape', async () => {
    const res = await call(api.url, 'GET', '/api/audit/export?format=ndjson', { token });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="keyledger-audit-.*\.ndjson"$/,
    );
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.text.endsWith('\n')).toBe(true);
    const lines = res.text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThan(EXTRA);
    expect(lines).toEqual(await allEvents(api, token, ''));

    const vends = await call(api.url, 'GET', `/api/audit/export?type=CredentialVended&agent_id=${agentId}`, {
      token,
    });
    expect(vends.text.trimEnd().split('\n')).toHaveLength(EXTRA + 1);
  });

  it('streams CSV that parses, with formulas defused, equal to the operator’s CLI export', async () => {
    const res = await call(api.url, 'GET', '/api/audit/export?format=csv', { token });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = parseCsv(res.text);
    const [header, ...body] = rows;
    expect(header).toEqual([
      'position',
      'occurred_at',
      'org_id',
      'stream_id',
      'stream_version',
      'type',
      'event_version',
      'actor_type',
      'actor_id',
      'actor_name',
      'agent_id',
      'tool_id',
      'agent_name',
      'tool_name',
      'ip',
      'user_agent',
      'correlation_id',
      'causation_id',
      'channel',
      'data',
    ]);
    const listed = await allEvents(api, token, '');
    expect(body).toHaveLength(listed.length);
    for (const row of body) expect(row).toHaveLength(header.length);
    const col = (name: string) => header.indexOf(name);
    expect(body.map((r) => r[col('position')])).toEqual(listed.map((e) => e.position));
    const bulk = body[body.length - 1];
    expect(bulk[col('actor_name')]).toBe(`'=HYPERLINK("http://x"), Scout`);
    expect(bulk[col('user_agent')]).toBe('bulk\nloader, "v2"');
    expect(bulk[col('agent_id')]).toBe(agentId);
    // Names, not only ids: the agent's (defused like any text) and the tool's.
    expect(bulk[col('agent_name')]).toBe(`'=HYPERLINK("http://x"), Scout`);
    expect(bulk[col('tool_name')]).toBe(toolName);
    expect(bulk[col('org_id')]).toBe(orgId);
    expect(JSON.parse(bulk[col('data')])).toEqual(listed[listed.length - 1].data);

    const file = join(mkdtempSync(join(tmpdir(), 'kl-export-')), 'audit.csv');
    const sink = new Writable({ write: (_c, _e, done) => done() });
    const db = await env.db.connect();
    const context = { db, out: sink, err: sink } as unknown as CliContext;
    expect(await auditExport(context, { format: 'csv', out: file, 'org-id': orgId })).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(res.text);
  });

  it('lets go of a client that hangs up mid-export, and keeps serving', async () => {
    const server = api.app.getHttpServer();
    const connections = () =>
      new Promise<number>((r) => server.getConnections((_e: unknown, n: number) => r(n)));
    const idle = await connections();
    await new Promise<void>((resolve, reject) => {
      const req = get(
        `${api.url}/api/audit/export`,
        { headers: { authorization: `Bearer ${token}` } },
        (res) => {
          expect(res.statusCode).toBe(200);
          res.once('data', () => {
            req.destroy(); // hang up after the first chunk
            resolve();
          });
        },
      );
      req.on('error', reject);
    });
    let open = await connections();
    for (let i = 0; i < 50 && open > idle; i++) {
      await new Promise((r) => setTimeout(r, 50));
      open = await connections();
    }
    expect(open).toBeLessThanOrEqual(idle);
    expect((await call(api.url, 'GET', '/api/audit/events?limit=1', { token })).status).toBe(200);
  });
});
