import { notFound } from '../../../common/src/domain-error';
import type { Sql } from '../../../database/src/database';
import type { SuggestionDto } from './suggestion.dto';

interface SuggestionRow {
  id: string;
  org_id: string;
  name: string;
  url: string | null;
  normalized_key: string;
  status: SuggestionDto['status'];
  backer_count: number;
  backers: Array<{ agent_id: string; agent_name: string | null; reason: string; backed_at: string }>;
  tool_id: string | null;
  decision_reason: string | null;
  decided_at: Date | null;
  decided_by: string | null;
  cooldown_until: Date | null;
  created_at: Date;
  updated_at: Date;
}

// Agent names are read at query time: a rename shows everywhere, and the table stays a pure projection.
export const SELECT_SUGGESTION = `
  SELECT s.id, s.org_id, s.name, s.url, s.normalized_key, s.status, s.backer_count, s.tool_id,
    s.decision_reason, s.decided_at, s.decided_by, s.cooldown_until, s.created_at, s.updated_at,
    coalesce((SELECT json_agg(json_build_object('agent_id', b.agent_id, 'agent_name', a.name,
        'reason', b.reason, 'backed_at', b.backed_at) ORDER BY b.backed_at, b.agent_id)
      FROM suggestion_backers b LEFT JOIN agents a ON a.id = b.agent_id
      WHERE b.suggestion_id = s.id), '[]') AS backers
  FROM tool_suggestions s`;

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function toSuggestionDto(r: SuggestionRow): SuggestionDto {
  return {
    id: r.id,
    name: r.name,
    url: r.url,
    normalized_key: r.normalized_key,
    status: r.status,
    backer_count: r.backer_count,
    backers: r.backers.map((b) => ({
      agent_id: b.agent_id,
      agent_name: b.agent_name ?? b.agent_id,
      reason: b.reason,
      backed_at: new Date(b.backed_at).toISOString(),
    })),
    tool_id: r.tool_id,
    decision_reason: r.decision_reason,
    decided_at: iso(r.decided_at),
    decided_by: r.decided_by,
    cooldown_until: iso(r.cooldown_until),
    created_at: r.created_at.toISOString(),
    updated_at: r.updated_at.toISOString(),
  };
}

/** A suggestion of the caller's org; another org's, like an unknown id, is 404. */
export async function findSuggestion(sql: Sql, orgId: string, id: string): Promise<SuggestionDto> {
  const [row] = await sql.query<SuggestionRow>(`${SELECT_SUGGESTION} WHERE s.id = $1 AND s.org_id = $2`, [
    id,
    orgId,
  ]);
  if (!row) throw notFound('suggestion', id);
  return toSuggestionDto(row);
}

export interface SuggestionPage {
  status: SuggestionDto['status'] | 'all';
  limit: number;
  after: { backer_count: string; created_at: string; id: string } | null;
}

/** Demand order: most backers first, then oldest, then id (a stable keyset). */
export async function listSuggestions(sql: Sql, orgId: string, page: SuggestionPage) {
  const rows = await sql.query<SuggestionRow>(
    `${SELECT_SUGGESTION}
     WHERE s.org_id = $1 AND ($2::text = 'all' OR s.status = $2)
       AND ($3::int IS NULL OR (-s.backer_count, s.created_at, s.id) > (-$3::int, $4::timestamptz, $5::text))
     ORDER BY s.backer_count DESC, s.created_at, s.id LIMIT $6`,
    [
      orgId,
      page.status,
      page.after ? Number(page.after.backer_count) : null,
      page.after?.created_at ?? null,
      page.after?.id ?? '',
      page.limit + 1,
    ],
  );
  const suggestions = rows.slice(0, page.limit).map(toSuggestionDto);
  const last = suggestions[suggestions.length - 1];
  const more = rows.length > page.limit && last;
  return {
    suggestions,
    next: more ? { backer_count: String(last.backer_count), created_at: last.created_at, id: last.id } : null,
  };
}
