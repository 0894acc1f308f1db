import { decodeCursor, encodeCursor } from '../../../common/src/http/cursor';
import type { Sql } from '../../../database/src/database';
import { type AccessRow, yourAccess } from '../access.read';
import type { AccessRequestDto, GrantDto } from './list-access.dto';

type Joined = AccessRow & {
  agent_name: string;
  agent_registered_by: string;
  tool_name: string;
  vend_count: string | null;
  last_vended_at: Date | null;
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

const JOINED = `
  SELECT r.*, a.name AS agent_name, a.registered_by AS agent_registered_by, t.name AS tool_name,
    u.vend_count::text AS vend_count, u.last_vended_at
  FROM access_requests r
  JOIN agents a ON a.id = r.agent_id
  JOIN tools t ON t.id = r.tool_id
  LEFT JOIN grant_usage u ON u.grant_id = r.id`;

export function requestView(r: Joined, now = new Date()): AccessRequestDto {
  return {
    id: r.id,
    agent_id: r.agent_id,
    agent_name: r.agent_name,
    agent_registered_by: r.agent_registered_by,
    tool_id: r.tool_id,
    tool_name: r.tool_name,
    status: yourAccess(r, now),
    reason: r.reason,
    requested_duration_seconds: r.requested_duration_seconds,
    requested_at: r.requested_at.toISOString(),
    approvals: r.approvals,
    decided_at: iso(r.decided_at),
    decided_by: r.decided_by,
    decision_note: r.decision_note,
    denial_reason: r.denial_reason,
    expires_at: iso(r.expires_at),
  };
}

export function grantView(r: Joined, now = new Date()): GrantDto {
  const expired = yourAccess(r, now) === 'expired';
  return {
    id: r.id,
    agent_id: r.agent_id,
    agent_name: r.agent_name,
    tool_id: r.tool_id,
    tool_name: r.tool_name,
    status: expired ? 'expired' : r.status === 'approved' ? 'active' : r.status,
    reason: r.reason,
    approved_at: r.approved_at!.toISOString(),
    approved_by: r.decided_by ?? '',
    expires_at: iso(r.expires_at),
    ended_at: iso(r.ended_at) ?? (expired ? iso(r.expires_at) : null),
    end_reason: r.end_reason ?? (expired ? 'expired' : null),
    vend_count: Number(r.vend_count ?? 0),
    last_vended_at: iso(r.last_vended_at),
  };
}

export async function findJoined(sql: Sql, orgId: string, id: string): Promise<Joined | null> {
  const [row] = await sql.query<Joined>(`${JOINED} WHERE r.id = $1 AND r.org_id = $2`, [id, orgId]);
  return row ?? null;
}

interface Filters {
  orgId: string;
  limit: number;
  cursor?: string;
  agentId?: string;
  toolId?: string;
}

async function page(
  sql: Sql,
  where: string,
  params: unknown[],
  f: Filters,
  order: 'requested_at' | 'approved_at',
) {
  const after = decodeCursor(f.cursor, ['at', 'id'] as const);
  const base = params.length;
  const rows = await sql.query<Joined>(
    `${JOINED} WHERE r.org_id = $1 AND ${where}
       AND ($${base + 1}::text IS NULL OR r.agent_id = $${base + 1})
       AND ($${base + 2}::text IS NULL OR r.tool_id = $${base + 2})
       AND ($${base + 3}::timestamptz IS NULL OR (r.${order}, r.id) > ($${base + 3}::timestamptz, $${base + 4}::text))
     ORDER BY r.${order}, r.id LIMIT $${base + 5}`,
    [...params, f.agentId ?? null, f.toolId ?? null, after?.at ?? null, after?.id ?? '', f.limit + 1],
  );
  const last = rows[Math.min(rows.length, f.limit) - 1];
  const next =
    rows.length > f.limit && last ? encodeCursor({ at: last[order]!.toISOString(), id: last.id }) : null;
  return { rows: rows.slice(0, f.limit), next };
}

export async function listRequests(sql: Sql, f: Filters & { status: string }) {
  const now = new Date();
  const where =
    f.status === 'all'
      ? 'true'
      : f.status === 'expired'
        ? `(r.status = 'expired' OR (r.status = 'approved' AND r.expires_at <= now()))`
        : f.status === 'approved'
          ? `r.status = 'approved' AND (r.expires_at IS NULL OR r.expires_at > now())`
          : `r.status = $2`;
  const params = where.includes('$2') ? [f.orgId, f.status] : [f.orgId];
  const { rows, next } = await page(sql, where, params, f, 'requested_at');
  return { requests: rows.map((r) => requestView(r, now)), next_cursor: next };
}

export async function listGrants(sql: Sql, f: Filters & { status: string }) {
  const now = new Date();
  const where = {
    active: `r.status = 'approved' AND (r.expires_at IS NULL OR r.expires_at > now())`,
    revoked: `r.status = 'revoked'`,
    expired: `(r.status = 'expired' AND r.approved_at IS NOT NULL) OR (r.status = 'approved' AND r.expires_at <= now())`,
    all: `r.approved_at IS NOT NULL`,
  }[f.status as 'active' | 'revoked' | 'expired' | 'all'];
  const { rows, next } = await page(sql, `(${where})`, [f.orgId], f, 'approved_at');
  return { grants: rows.map((r) => grantView(r, now)), next_cursor: next };
}
