import { DomainError } from '../../common/src/domain-error';
import type { Sql } from '../../database/src/database';

/**
 * A tool scope names tools of the caller's org. Unknown ids and other orgs' ids get the same
 * answer, so the check reveals nothing about other orgs.
 */
export async function assertToolsInOrg(sql: Sql, orgId: string, toolIds: string[] | null | undefined) {
  if (!toolIds || toolIds.length === 0) return;
  const rows = await sql.query<{ id: string }>(
    'SELECT id FROM tools WHERE org_id = $1 AND id = ANY($2::text[])',
    [orgId, toolIds],
  );
  const known = new Set(rows.map((r) => r.id));
  const unknown = toolIds.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new DomainError('invalid', 'validation', `tool_scope names unknown tools: ${unknown.join(', ')}`, {
      errors: [{ field: 'tool_scope', message: `unknown tool ids: ${unknown.join(', ')}` }],
    });
  }
}
