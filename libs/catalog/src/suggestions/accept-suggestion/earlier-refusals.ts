import type { Sql } from '../../../../database/src/database';
import { identityOf, sameTool, type ToolIdentity } from '../tool-identity';

const REFUSED = new Set(['denied', 'revoked']);

/**
 * Backers whose latest request for this tool (the same tool under an earlier, since retired
 * catalog entry) was denied or revoked: a human already said no, and accepting the
 * suggestion must not quietly reopen the question for them.
 */
export async function earlierRefusals(
  sql: Sql,
  orgId: string,
  agentIds: string[],
  identity: ToolIdentity,
): Promise<Record<string, string>> {
  if (agentIds.length === 0) return {};
  const rows = await sql.query<{ agent_id: string; status: string; name: string; url: string | null }>(
    `SELECT r.agent_id, r.status, t.name, t.url FROM access_requests r JOIN tools t ON t.id = r.tool_id
     WHERE r.org_id = $1 AND r.agent_id = ANY($2) ORDER BY r.requested_at DESC, r.id DESC`,
    [orgId, agentIds],
  );
  const latest = new Map<string, string>();
  for (const row of rows) {
    if (!latest.has(row.agent_id) && sameTool(identity, identityOf(row)))
      latest.set(row.agent_id, row.status);
  }
  return Object.fromEntries([...latest].filter(([, status]) => REFUSED.has(status)));
}
