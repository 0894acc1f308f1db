import type { Sql } from '../../../database/src/database';
import { type AccessRow, yourAccess } from '../access.read';

export interface AgentToolView {
  id: string;
  name: string;
  description: string;
  url: string | null;
  auth_type: string;
  credential_mode: string;
  your_access: ReturnType<typeof yourAccess>;
  request_id: string | null;
  denial_reason: string | null;
  expires_at: string | null;
}

interface Row {
  id: string;
  name: string;
  description: string;
  url: string | null;
  auth_type: string;
  credential_mode: string;
  instructions: string;
  instructions_version: number;
  access_id: string | null;
  status: AccessRow['status'] | null;
  denial_reason: string | null;
  end_reason: string | null;
  expires_at: Date | null;
}

// Each tool joined to this agent's latest access stream for it (one index probe per tool).
const SQL = `
  SELECT t.id, t.name, t.description, t.url, t.auth_type, t.credential_mode, t.instructions, t.instructions_version,
         r.id AS access_id, r.status, r.denial_reason, r.end_reason, r.expires_at
  FROM tools t
  LEFT JOIN LATERAL (
    SELECT id, status, denial_reason, end_reason, expires_at FROM access_requests
    WHERE agent_id = $2 AND tool_id = t.id ORDER BY requested_at DESC, id DESC LIMIT 1
  ) r ON true
  WHERE t.org_id = $1 AND t.status = 'active'`;

function toView(r: Row, now: Date): AgentToolView {
  const access = yourAccess(r.status ? { status: r.status, expires_at: r.expires_at } : null, now);
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    url: r.url,
    auth_type: r.auth_type,
    credential_mode: r.credential_mode,
    your_access: access,
    request_id: r.access_id,
    denial_reason: access === 'denied' ? r.denial_reason : access === 'revoked' ? r.end_reason : null,
    expires_at:
      r.expires_at && (access === 'approved' || access === 'expired') ? r.expires_at.toISOString() : null,
  };
}

export async function agentCatalog(sql: Sql, orgId: string, agentId: string): Promise<AgentToolView[]> {
  const now = new Date();
  const rows = await sql.query<Row>(`${SQL} ORDER BY t.name, t.id`, [orgId, agentId]);
  return rows.map((r) => toView(r, now));
}

export async function agentTool(
  sql: Sql,
  orgId: string,
  agentId: string,
  toolId: string,
): Promise<(AgentToolView & { instructions: string; instructions_version: number }) | null> {
  const [row] = await sql.query<Row>(`${SQL} AND t.id = $3`, [orgId, agentId, toolId]);
  return row
    ? {
        ...toView(row, new Date()),
        instructions: row.instructions,
        instructions_version: row.instructions_version,
      }
    : null;
}
