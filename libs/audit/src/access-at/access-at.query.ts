import type { Sql } from '../../../database/src/database';
import type { AccessAtDto } from './access-at.dto';

interface Row {
  grant_id: string;
  agent_id: string;
  tool_id: string;
  approved_at: Date;
  approved_by: string;
  expires_at: Date | null;
}

/** Every interval is half-open, [start, end): at the instant a grant ends it no longer counts. */
const AT = `
  SELECT g.grant_id, g.agent_id, g.tool_id, g.approved_at, g.approved_by, g.expires_at
  FROM access_intervals g
  WHERE g.org_id = $1 AND g.approved_at <= $2
    AND (g.expires_at IS NULL OR g.expires_at > $2)
    AND (g.ended_at IS NULL OR g.ended_at > $2)
    AND ($3::text IS NULL OR g.agent_id = $3)
    AND ($4::text IS NULL OR g.tool_id = $4)
    AND NOT EXISTS (SELECT 1 FROM agent_suspensions s WHERE s.agent_id = g.agent_id
                    AND s.suspended_at <= $2 AND (s.reactivated_at IS NULL OR s.reactivated_at > $2))
    AND EXISTS (SELECT 1 FROM agent_key_intervals k WHERE k.agent_id = g.agent_id
                AND k.issued_at <= $2 AND (k.revoked_at IS NULL OR k.revoked_at > $2))
    AND NOT EXISTS (SELECT 1 FROM tool_retirements t WHERE t.tool_id = g.tool_id AND t.retired_at <= $2)
  ORDER BY g.approved_at, g.grant_id`;

export async function accessAt(
  sql: Sql,
  orgId: string,
  at: Date,
  filter: { agentId?: string; toolId?: string } = {},
): Promise<AccessAtDto> {
  const rows = await sql.query<Row>(AT, [orgId, at, filter.agentId ?? null, filter.toolId ?? null]);
  return {
    at: at.toISOString(),
    grants: rows.map((r) => ({
      grant_id: r.grant_id,
      agent_id: r.agent_id,
      tool_id: r.tool_id,
      approved_at: r.approved_at.toISOString(),
      approved_by: r.approved_by,
      expires_at: r.expires_at?.toISOString() ?? null,
    })),
  };
}
