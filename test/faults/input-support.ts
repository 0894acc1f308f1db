import type { Client } from 'pg';
import type { RunningApp } from '../support/app';
import { call } from '../support/http';
import { ROOMY_RATES } from '../support/members';
import { adminSession, addTool, agentClient, registerAgent } from '../support/story';

/**
 * The bad-input specs send thousands of requests as one member and one agent: no tier may refuse
 * them. They also come from an address of their own (X-Forwarded-For from the loopback proxy), so
 * that on a shared Redis they do not spend the per-IP budget of other specs running beside them.
 */
export const FAULT_RATES = {
  ...ROOMY_RATES,
  KEYLEDGER_RATE_PREAUTH: '1000000/1m',
  KEYLEDGER_TRUST_PROXY: 'loopback',
};
const CLIENT_IP = `198.51.100.${1 + Math.floor(Math.random() * 254)}`;

export const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

export interface Operation {
  method: string;
  /** OpenAPI form: /api/admin/agents/{agentId} */
  path: string;
  operationId: string;
  auth: 'agent' | 'member' | 'none';
  pathParams: string[];
  query: Array<{ name: string; schema: Schema }>;
  /** The JSON body's schema, references resolved; undefined when the operation takes no body. */
  body?: Schema;
  bodyTypes: string[];
}

export type Schema = Record<string, any>;

/** Every operation of the document, as the service serves it. */
export function operationsOf(doc: any): Operation[] {
  const resolve = (schema: Schema | undefined, depth = 0): Schema | undefined => {
    if (!schema || depth > 10) return schema;
    if (schema.$ref) return resolve(doc.components.schemas[String(schema.$ref).split('/').pop()!], depth + 1);
    const out: Schema = { ...schema };
    if (schema.properties) {
      out.properties = Object.fromEntries(
        Object.entries(schema.properties).map(([k, v]) => [k, resolve(v as Schema, depth + 1)]),
      );
    }
    if (schema.items) out.items = resolve(schema.items, depth + 1);
    for (const choice of ['oneOf', 'anyOf', 'allOf'] as const) {
      if (schema[choice]) out[choice] = schema[choice].map((s: Schema) => resolve(s, depth + 1));
    }
    if (out.allOf?.length === 1) {
      const { allOf, ...rest } = out;
      return { ...allOf[0], ...rest };
    }
    return out;
  };
  return Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => {
      const op = item[m];
      const security: Array<Record<string, string[]>> = op.security ?? [];
      const auth = security.some((s) => 'agent_key' in s)
        ? 'agent'
        : security.some((s) => 'member_jwt' in s)
          ? 'member'
          : 'none';
      const params: any[] = op.parameters ?? [];
      return {
        method: m.toUpperCase(),
        path,
        operationId: op.operationId,
        auth,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        query: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema ?? {} })),
        body: resolve(op.requestBody?.content?.['application/json']?.schema),
        bodyTypes: Object.keys(op.requestBody?.content ?? {}),
      } satisfies Operation;
    }),
  );
}

export interface Reply {
  status: number;
  type: string;
  text: string;
  body: any;
}

/** One request exactly as given: the path is not re-encoded, the body is sent as is. */
export async function send(
  base: string,
  method: string,
  path: string,
  options: { token?: string; body?: string; contentType?: string } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { 'x-forwarded-for': CLIENT_IP };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.contentType) headers['content-type'] = options.contentType;
  const res = await fetch(base + path, { method, headers, body: options.body });
  const text = await res.text();
  let body: any = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, type: res.headers.get('content-type') ?? '', text, body };
}

/**
 * What a refused request must leave as it was: the log's head and the row count of every table
 * (read models, secrets, checkpoints, outbox). Start the service with `background: false` so that
 * nothing moves by itself (sealer, async projections, deliveries).
 */
export async function stateOf(db: Client): Promise<Record<string, string>> {
  const { rows } = await db.query<{ name: string; n: string }>(
    `SELECT table_name AS name,
            (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I', table_name), false, true, '')))[1]::text AS n
       FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
     UNION ALL
     SELECT 'head', coalesce(max(position), 0)::text FROM events
      ORDER BY 1`,
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.n]));
}

/** The org every bad-input spec attacks: an owner, an agent with a grant, and one of everything. */
export async function fixtures(api: RunningApp) {
  const session = await adminSession(api);
  const { admin } = session;
  const tool = await addTool(admin, { instructions: 'Version one.' });
  await admin('PATCH', `/api/admin/tools/${tool.id}`, { instructions: 'Version two.' });
  const agent = await registerAgent(admin, 'Fuzz-Target');
  const asAgent = agentClient(api, agent.key);
  const requested = await asAgent('POST', `/api/tools/${tool.id}/request`, {
    reason: 'nightly issue triage',
  });
  const grantId: string = requested.body.request_id;
  const approved = await admin('POST', `/api/admin/requests/${grantId}/approve`, {});
  if (approved.status !== 200) throw new Error(`approve failed: ${approved.status} ${approved.text}`);
  const other = await addTool(admin);
  const pending = await asAgent('POST', `/api/tools/${other.id}/request`, { reason: 'reconcile payouts' });
  const suggestion = await asAgent('POST', '/api/tools/suggest', {
    name: 'Linear',
    url: 'https://linear.app',
    reason: 'file the nightly bugs',
  });
  const lesson = await asAgent('POST', `/api/tools/${tool.id}/instructions/suggest`, {
    learned: 'Search issues with GET /search/issues.',
    why: 'The instructions missed it',
  });
  const member = await admin('POST', '/api/admin/members', {
    email: `viewer-${Date.now()}@example.com`,
    role: 'viewer',
    password: 'viewer-password-123',
  });
  const webhook = await admin('POST', '/api/admin/webhooks', {
    url: 'https://hooks.example.com/keyledger',
    events: ['AccessRequested'],
  });
  const agentView = await admin('GET', `/api/admin/agents/${agent.id}`);
  for (const [what, res] of Object.entries({ pending, suggestion, lesson, member, webhook, agentView })) {
    if (res.status >= 300) throw new Error(`fixture ${what} failed: ${res.status} ${res.text}`);
  }
  return {
    ownerToken: session.token,
    orgId: session.orgId,
    agentKey: agent.key,
    ids: {
      agent: agent.id,
      tool: tool.id,
      grant: grantId,
      request: pending.body.request_id as string,
      suggestion: suggestion.body.suggestion_id as string,
      lesson: lesson.body.suggestion_id as string,
      member: member.body.member.id as string,
      webhook: webhook.body.webhook.id as string,
      key: agentView.body.agent.keys[0].id as string,
      stream: `agent-${agent.id}`,
    },
  };
}

export type Fixtures = Awaited<ReturnType<typeof fixtures>>;

/** A real id for a path parameter, chosen by the collection it follows (`/agents/{id}` → an agent). */
export function idFor(path: string, param: string, f: Fixtures): string {
  const segments = path.split('/');
  const before = segments[segments.indexOf(`{${param}}`) - 1];
  const byCollection: Record<string, string> = {
    agents: f.ids.agent,
    tools: f.ids.tool,
    requests: f.ids.request,
    grants: f.ids.grant,
    suggestions: f.ids.suggestion,
    'instruction-suggestions': f.ids.lesson,
    members: f.ids.member,
    webhooks: f.ids.webhook,
    keys: f.ids.key,
    streams: f.ids.stream,
  };
  return byCollection[before] ?? f.ids.agent;
}

export function tokenFor(op: Operation, f: Fixtures): string | undefined {
  return op.auth === 'agent' ? f.agentKey : op.auth === 'member' ? f.ownerToken : undefined;
}

/** The operation's path with real ids, or with `override` for one parameter (already encoded). */
export function pathOf(op: Operation, f: Fixtures, override?: { param: string; raw: string }): string {
  return op.path.replace(/\{([^}]+)\}/g, (_m, name: string) =>
    override?.param === name ? override.raw : encodeURIComponent(idFor(op.path, name, f)),
  );
}

export { call };
