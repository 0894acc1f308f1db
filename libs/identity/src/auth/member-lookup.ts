import type { Sql } from '../../../database/src/database';
import type { MemberPrincipal } from './member-principal';

interface MemberRow {
  id: string;
  org_id: string;
  email: string;
  display_name: string;
  role: MemberPrincipal['role'];
  tool_scope: string[] | null;
}

/** Roles come from the read model, not the token: a demotion takes effect on the next request. */
export async function loadActiveMember(
  sql: Sql,
  memberId: string,
  orgId: string,
): Promise<MemberPrincipal | null> {
  const [row] = await sql.query<MemberRow>(
    `SELECT id, org_id, email, display_name, role, tool_scope FROM members
     WHERE id = $1 AND org_id = $2 AND status = 'active'`,
    [memberId, orgId],
  );
  return row
    ? {
        id: row.id,
        orgId: row.org_id,
        email: row.email,
        displayName: row.display_name,
        role: row.role,
        toolScope: row.tool_scope,
      }
    : null;
}
