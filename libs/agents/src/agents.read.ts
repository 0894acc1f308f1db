import { DomainError } from '../../common/src/domain-error';
import { encodeCursor } from '../../common/src/http/cursor';
import type { Sql } from '../../database/src/database';

export interface AgentKeyView {
  id: string;
  prefix: string;
  status: 'active' | 'revoked';
  created_at: string;
  revoked_at: string | null;
}

export interface AgentView {
  id: string;
  name: string;
  description: string;
  status: 'active' | 'suspended';
  suspended_reason: string | null;
  registered_by: string;
  created_at: string;
  updated_at: string;
  keys: AgentKeyView[];
}

interface AgentRow extends Omit<AgentView, 'keys' | 'created_at' | 'updated_at'> {
  /** Full microsecond precision, so a page boundary never repeats or skips a row. */
  cursor_at: string;
  created_at: Date;
  updated_at: Date;
  keys: Array<
    Omit<AgentKeyView, 'created_at' | 'revoked_at'> & { created_at: string; revoked_at: string | null }
  >;
}

const SELECT_AGENT = `
  SELECT a.id, a.name, a.description, a.status, a.suspended_reason, a.registered_by, a.created_at, a.updated_at,
    a.created_at::text AS cursor_at,
    coalesce((SELECT json_agg(json_build_object('id', k.id, 'prefix', k.prefix, 'status', k.status,
        'created_at', k.created_at, 'revoked_at', k.revoked_at) ORDER BY k.created_at, k.id)
      FROM agent_keys k WHERE k.agent_id = a.id), '[]') AS keys
  FROM agents a`;

const toView = ({ cursor_at: _cursor, ...r }: AgentRow): AgentView => ({
  ...r,
  created_at: r.created_at.toISOString(),
  updated_at: r.updated_at.toISOString(),
  keys: r.keys.map((k) => ({
    ...k,
    created_at: new Date(k.created_at).toISOString(),
    revoked_at: k.revoked_at ? new Date(k.revoked_at).toISOString() : null,
  })),
});

/** An agent of the caller's org; any other id answers 404, never 403 (DESIGN.md). */
export async function findAgent(sql: Sql, orgId: string, agentId: string): Promise<AgentView> {
  const [row] = await sql.query<AgentRow>(`${SELECT_AGENT} WHERE a.id = $1 AND a.org_id = $2`, [
    agentId,
    orgId,
  ]);
  if (!row) throw new DomainError('not_found', 'not-found', `agent ${agentId} was not found`);
  return toView(row);
}

export async function listAgents(
  sql: Sql,
  orgId: string,
  page: { limit: number; after?: { created_at: string; id: string } | null; status?: string },
): Promise<{ agents: AgentView[]; next_cursor: string | null }> {
  const rows = await sql.query<AgentRow>(
    `${SELECT_AGENT} WHERE a.org_id = $1
       AND ($2::timestamptz IS NULL OR (a.created_at, a.id) > ($2::timestamptz, $3::text))
       AND ($5::text IS NULL OR a.status = $5)
     ORDER BY a.created_at, a.id LIMIT $4`,
    [orgId, page.after?.created_at ?? null, page.after?.id ?? '', page.limit + 1, page.status ?? null],
  );
  const agents = rows.slice(0, page.limit).map(toView);
  const last = rows[Math.min(rows.length, page.limit) - 1];
  const next_cursor =
    rows.length > page.limit && last ? encodeCursor({ created_at: last.cursor_at, id: last.id }) : null;
  return { agents, next_cursor };
}
