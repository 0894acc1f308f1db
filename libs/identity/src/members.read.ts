import { encodeCursor } from '../../common/src/http/cursor';
import { notFound } from '../../common/src/domain-error';
import type { Sql } from '../../database/src/database';
import type { Role } from './identity.events';

export interface MemberView {
  id: string;
  email: string;
  display_name: string;
  role: Role;
  tool_scope: string[] | null;
  status: 'active' | 'removed';
  created_at: string;
  updated_at: string;
}

interface MemberRow extends Omit<MemberView, 'created_at' | 'updated_at'> {
  created_at: Date;
  updated_at: Date;
  /** created_at at full (microsecond) precision: an ISO string would drop digits and repeat rows. */
  cursor_at: string;
}

const SELECT_MEMBER = `SELECT id, email, display_name, role, tool_scope, status, created_at, updated_at,
  created_at::text AS cursor_at FROM members`;

const toView = ({ cursor_at: _, ...r }: MemberRow): MemberView => ({
  ...r,
  created_at: r.created_at.toISOString(),
  updated_at: r.updated_at.toISOString(),
});

/** A member of the caller's org; any other id answers 404, never 403 (DESIGN.md). */
export async function findMember(sql: Sql, orgId: string, memberId: string): Promise<MemberView> {
  const [row] = await sql.query<MemberRow>(`${SELECT_MEMBER} WHERE id = $1 AND org_id = $2`, [
    memberId,
    orgId,
  ]);
  if (!row) throw notFound('member', memberId);
  return toView(row);
}

export async function listMembers(
  sql: Sql,
  orgId: string,
  page: { limit: number; after: { created_at: string; id: string } | null; status: 'active' | 'removed' },
): Promise<{ members: MemberView[]; next_cursor: string | null }> {
  const rows = await sql.query<MemberRow>(
    `${SELECT_MEMBER} WHERE org_id = $1 AND status = $2
       AND ($3::timestamptz IS NULL OR (created_at, id) > ($3::timestamptz, $4::text))
     ORDER BY created_at, id LIMIT $5`,
    [orgId, page.status, page.after?.created_at ?? null, page.after?.id ?? '', page.limit + 1],
  );
  const last = rows.length > page.limit ? rows[page.limit - 1] : undefined;
  return {
    members: rows.slice(0, page.limit).map(toView),
    next_cursor: last ? encodeCursor({ created_at: last.cursor_at, id: last.id }) : null,
  };
}

/** Read under the org lock, so two demotions of the last two owners cannot both pass. */
export async function countActiveOwners(sql: Sql, orgId: string): Promise<number> {
  const [row] = await sql.query<{ owners: number }>(
    `SELECT count(*)::int AS owners FROM members WHERE org_id = $1 AND role = 'owner' AND status = 'active'`,
    [orgId],
  );
  return row?.owners ?? 0;
}
