import { randomUUID } from 'node:crypto';
import type { RunningApp } from '../support/app';
import { call, type Reply } from '../support/http';
import { addTool, agentClient, registerAgent } from '../support/story';

/** One real resource of each kind in one org, for routes that take an id. */
export interface Fixtures {
  agentId: string;
  agentKey: string;
  spareKeyId: string;
  toolId: string;
  spareToolId: string;
  requestId: string;
  grantId: string;
  memberId: string;
  spareMemberId: string;
  suggestionId: string;
  instructionSuggestionId: string;
  webhookId: string;
  streamId: string;
}

function ok(res: Reply, what: string, status = [200, 201]): Reply {
  if (!status.includes(res.status)) throw new Error(`${what} failed: ${res.status} ${res.text}`);
  return res;
}

/**
 * Built by `registrar` (an admin who plays no part in the matrix, so separation of duties
 * never refuses the roles under test) and `approver` (who approves the grant).
 */
export async function buildFixtures(api: RunningApp, registrar: string, approver: string): Promise<Fixtures> {
  const as = (token: string) => (m: string, p: string, b?: unknown) =>
    call(api.url, m, p, { token, body: b });
  const admin = as(registrar);
  const tool = await addTool(admin);
  const spareTool = await addTool(admin);
  const grantTool = await addTool(admin);
  const agent = await registerAgent(admin, `Fixture-${randomUUID().slice(0, 6)}`);
  const issued = ok(await admin('POST', `/api/admin/agents/${agent.id}/keys`), 'issue key');
  const keys = issued.body.agent.keys as Array<{ id: string }>;
  const bot = agentClient(api, agent.key);
  const request = ok(
    await bot('POST', `/api/tools/${tool.id}/request`, { reason: 'fixture request' }),
    'request',
  );
  const grant = ok(
    await bot('POST', `/api/tools/${grantTool.id}/request`, { reason: 'fixture grant' }),
    'grant',
  );
  ok(await as(approver)('POST', `/api/admin/requests/${grant.body.request_id}/approve`, {}), 'approve');
  const addViewer = async () =>
    ok(
      await admin('POST', '/api/admin/members', {
        email: `target-${randomUUID()}@example.com`,
        role: 'viewer',
      }),
      'add member',
    ).body.member.id as string;
  const suggestion = await bot('POST', '/api/tools/suggest', {
    name: `Linear ${randomUUID()}`,
    reason: 'track bugs',
  });
  const lesson = await bot('POST', `/api/tools/${grantTool.id}/instructions/suggest`, {
    learned: 'Search with GET /search/issues',
    why: 'the instructions missed it',
  });
  const webhook = await admin('POST', '/api/admin/webhooks', {
    url: 'https://hooks.example.com/keyledger',
    events: ['AccessRequested'],
  });
  // Routes that are not built yet fall back to an unknown id: 404 still proves the guard ran.
  const idOr = (res: Reply, pick: (body: any) => unknown) =>
    res.status < 300 ? String(pick(res.body)) : randomUUID();
  return {
    agentId: agent.id,
    agentKey: agent.key,
    spareKeyId: keys[keys.length - 1].id,
    toolId: tool.id,
    spareToolId: spareTool.id,
    requestId: request.body.request_id,
    grantId: grant.body.request_id,
    memberId: await addViewer(),
    spareMemberId: await addViewer(),
    suggestionId: idOr(suggestion, (b) => b.suggestion_id),
    instructionSuggestionId: idOr(lesson, (b) => b.suggestion_id),
    webhookId: idOr(webhook, (b) => b.webhook?.id ?? b.id),
    streamId: `agent-${agent.id}`,
  };
}

/** The id a path parameter takes by default; anything unknown gets a random id (404 is fine). */
export function resolvePath(path: string, f: Fixtures, overrides: Record<string, string> = {}): string {
  const byName = (name: string): string => {
    if (overrides[name]) return overrides[name];
    const defaults: Record<string, string> = {
      agentId: f.agentId,
      keyId: f.spareKeyId,
      toolId: f.toolId,
      requestId: f.requestId,
      grantId: f.grantId,
      memberId: f.memberId,
      streamId: f.streamId,
    };
    if (defaults[name]) return defaults[name];
    if (name === 'id') {
      const prefixes: Array<[string, string]> = [
        ['/api/admin/tools/', f.toolId],
        ['/api/admin/suggestions/', f.suggestionId],
        ['/api/admin/instruction-suggestions/', f.instructionSuggestionId],
        ['/api/admin/webhooks/', f.webhookId],
        ['/api/admin/members/', f.memberId],
        ['/api/admin/agents/', f.agentId],
      ];
      const hit = prefixes.find(([prefix]) => path.startsWith(prefix));
      if (hit) return hit[1];
    }
    return randomUUID();
  };
  return path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(byName(name)));
}

export interface Operation {
  method: string;
  path: string;
  operationId: string;
  requiredRoles: unknown;
}

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Every operation of the OpenAPI document whose path matches. */
export function operationsOf(doc: any, include: (path: string) => boolean): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
    if (!include(path)) continue;
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (op) {
        ops.push({
          method: method.toUpperCase(),
          path,
          operationId: op.operationId,
          requiredRoles: op['x-required-roles'],
        });
      }
    }
  }
  return ops.sort((a, b) => a.operationId.localeCompare(b.operationId));
}

/** Member routes: the admin API, the audit API and org creation. */
export const isMemberRoute = (path: string) =>
  path.startsWith('/api/admin/') || path.startsWith('/api/audit/') || path === '/api/orgs';
