import { DomainError } from '../../common/src/domain-error';
import type { Sql } from '../../database/src/database';
import type { AccessStatus } from './access.events';

export interface AccessRow {
  id: string;
  org_id: string;
  agent_id: string;
  tool_id: string;
  status: AccessStatus;
  reason: string;
  requested_duration_seconds: number | null;
  requested_at: Date;
  approvals: Array<{ member_id: string; note: string | null; at: string }>;
  decided_at: Date | null;
  decided_by: string | null;
  decision_note: string | null;
  denial_reason: string | null;
  approved_at: Date | null;
  granted_duration_seconds: number | null;
  expires_at: Date | null;
  ended_at: Date | null;
  end_reason: string | null;
  ended_by: string | null;
}

/** What the agent sees: an approved grant past its expiry is expired even before GrantExpired. */
export function yourAccess(
  row: Pick<AccessRow, 'status' | 'expires_at'> | null | undefined,
  now = new Date(),
): AccessStatus | 'none' {
  if (!row) return 'none';
  if (row.status === 'approved' && row.expires_at && row.expires_at <= now) return 'expired';
  return row.status;
}

export async function latestAccess(sql: Sql, agentId: string, toolId: string): Promise<AccessRow | null> {
  const [row] = await sql.query<AccessRow>(
    `SELECT * FROM access_requests WHERE agent_id = $1 AND tool_id = $2 ORDER BY requested_at DESC, id DESC LIMIT 1`,
    [agentId, toolId],
  );
  return row ?? null;
}

/** A request or grant of the caller's org; any other id answers 404 (DESIGN.md). */
export async function findRequest(sql: Sql, orgId: string, id: string): Promise<AccessRow> {
  const [row] = await sql.query<AccessRow>('SELECT * FROM access_requests WHERE id = $1 AND org_id = $2', [
    id,
    orgId,
  ]);
  if (!row) throw new DomainError('not_found', 'not-found', `request ${id} was not found`);
  return row;
}

export interface ToolForAccess {
  id: string;
  org_id: string;
  name: string;
  status: string;
  credential_mode: 'shared' | 'per_agent';
  auth_type: string;
}

/** What an agent is told about a tool id that is not in its org's catalog. */
export const unknownTool = (toolId: string) =>
  new DomainError(
    'not_found',
    'unknown-tool',
    `there is no tool ${toolId}: list the catalog with GET /api/tools`,
  );

export async function findToolForAgent(sql: Sql, orgId: string, toolId: string): Promise<ToolForAccess> {
  const [tool] = await sql.query<ToolForAccess>(
    'SELECT id, org_id, name, status, credential_mode, auth_type FROM tools WHERE id = $1 AND org_id = $2',
    [toolId, orgId],
  );
  if (!tool) throw unknownTool(toolId);
  return tool;
}
