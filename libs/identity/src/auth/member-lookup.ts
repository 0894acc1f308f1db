import type { Sql } from '../../../database/src/database';
import type { MemberPrincipal } from './member-principal';

export interface MemberRow {
  id: string;
  org_id: string;
  email: string;
  display_name: string;
  role: MemberPrincipal['role'];
  tool_scope: string[] | null;
}

export const SELECT_PRINCIPAL = `SELECT id, org_id, email, display_name, role, tool_scope FROM members`;

export const toPrincipal = (row: MemberRow): MemberPrincipal => ({
  id: row.id,
  orgId: row.org_id,
  email: row.email,
  displayName: row.display_name,
  role: row.role,
  toolScope: row.tool_scope,
});

/** Roles come from the read model, not the token: a demotion takes effect on the next request. */
export async function loadActiveMember(
  sql: Sql,
  memberId: string,
  orgId: string,
): Promise<MemberPrincipal | null> {
  const [row] = await sql.query<MemberRow>(
    `${SELECT_PRINCIPAL} WHERE id = $1 AND org_id = $2 AND status = 'active'`,
    [memberId, orgId],
  );
  return row ? toPrincipal(row) : null;
}

/** A person by email: in `orgId` when given, else their oldest active membership. */
export async function loadActiveMemberByEmail(
  sql: Sql,
  email: string,
  orgId: string | null,
): Promise<MemberPrincipal | null> {
  const [row] = await sql.query<MemberRow>(
    `${SELECT_PRINCIPAL} WHERE lower(email) = $1 AND status = 'active' AND ($2::text IS NULL OR org_id = $2)
     ORDER BY created_at, id LIMIT 1`,
    [email.trim().toLowerCase(), orgId],
  );
  return row ? toPrincipal(row) : null;
}
