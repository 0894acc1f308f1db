import type { Database, Sql } from '../../../database/src/database';
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

/** The agent's latest request for a tool, as the catalog queries select it. */
export interface AccessColumns {
  access_id: string | null;
  status: AccessRow['status'] | null;
  denial_reason: string | null;
  end_reason: string | null;
  expires_at: Date | null;
}

interface Row extends AccessColumns {
  id: string;
  name: string;
  description: string;
  url: string | null;
  auth_type: string;
  credential_mode: string;
}

/** The fields of a tool's view that are the agent's own, in the order the API serves them. */
export function accessFields(r: AccessColumns | null, now: Date) {
  const access = yourAccess(r?.status ? { status: r.status, expires_at: r.expires_at } : null, now);
  return {
    your_access: access,
    request_id: r?.access_id ?? null,
    denial_reason: access === 'denied' ? r!.denial_reason : access === 'revoked' ? r!.end_reason : null,
    expires_at:
      r?.expires_at && (access === 'approved' || access === 'expired') ? r.expires_at.toISOString() : null,
  };
}

/** The agent (`$2`)'s latest request for each tool: one index range scan. */
export const LATEST_ACCESS_BY_TOOL = `
    SELECT DISTINCT ON (tool_id) tool_id, id, status, denial_reason, end_reason, expires_at
    FROM access_requests WHERE agent_id = $2
    ORDER BY tool_id, requested_at DESC, id DESC`;

// The agent's latest access stream per tool, joined to the active
// tools of its org: two hash-joinable sets instead of one probe per tool. The listing leaves
// the instructions (markdown, often the largest column) out; one tool's view adds them.
const sql = (extra: string) => `
  WITH latest AS (${LATEST_ACCESS_BY_TOOL})
  SELECT t.id, t.name, t.description, t.url, t.auth_type, t.credential_mode${extra},
         l.id AS access_id, l.status, l.denial_reason, l.end_reason, l.expires_at
  FROM tools t LEFT JOIN latest l ON l.tool_id = t.id
  WHERE t.org_id = $1 AND t.status = 'active'`;

/** The fields of a tool's view that are the same for every agent, in the order the API serves them. */
export type ToolColumns = Pick<Row, 'id' | 'name' | 'description' | 'url' | 'auth_type' | 'credential_mode'>;

export function toolFields(r: ToolColumns) {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    url: r.url,
    auth_type: r.auth_type,
    credential_mode: r.credential_mode,
  };
}

function toView(r: Row, now: Date): AgentToolView {
  return { ...toolFields(r), ...accessFields(r, now) };
}

export async function agentCatalog(db: Database, orgId: string, agentId: string): Promise<AgentToolView[]> {
  const now = new Date();
  const rows = await db.prepared<Row>('keyledger_agent_catalog', `${sql('')} ORDER BY t.name, t.id`, [
    orgId,
    agentId,
  ]);
  return rows.map((r) => toView(r, now));
}

export async function agentTool(
  db: Sql,
  orgId: string,
  agentId: string,
  toolId: string,
): Promise<(AgentToolView & { instructions: string; instructions_version: number }) | null> {
  const [row] = await db.query<Row & { instructions: string; instructions_version: number }>(
    `${sql(', t.instructions, t.instructions_version')} AND t.id = $3`,
    [orgId, agentId, toolId],
  );
  return row
    ? {
        ...toView(row, new Date()),
        instructions: row.instructions,
        instructions_version: row.instructions_version,
      }
    : null;
}
