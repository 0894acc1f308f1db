import { notFound } from '../../../common/src/domain-error';
import type { Sql } from '../../../database/src/database';
import type { InstructionSuggestionDto } from './instruction-suggestion.dto';

interface Row {
  id: string;
  tool_id: string;
  learned: string;
  status: InstructionSuggestionDto['status'];
  backer_count: number;
  backers: Array<{ agent_id: string; agent_name: string | null; why: string; backed_at: string }>;
  instructions_version: number | null;
  decision_reason: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  created_at: Date;
}

const SELECT = `
  SELECT s.id, s.tool_id, s.learned, s.status, s.backer_count, s.instructions_version, s.decision_reason,
    s.decided_by, s.decided_at, s.created_at,
    coalesce((SELECT json_agg(json_build_object('agent_id', b.agent_id, 'agent_name', a.name, 'why', b.why,
        'backed_at', b.backed_at) ORDER BY b.backed_at, b.agent_id)
      FROM instruction_suggestion_backers b LEFT JOIN agents a ON a.id = b.agent_id
      WHERE b.suggestion_id = s.id), '[]') AS backers
  FROM instruction_suggestions s`;

const toDto = (r: Row): InstructionSuggestionDto => ({
  id: r.id,
  tool_id: r.tool_id,
  learned: r.learned,
  status: r.status,
  backer_count: r.backer_count,
  backers: r.backers.map((b) => ({
    agent_id: b.agent_id,
    agent_name: b.agent_name ?? b.agent_id,
    why: b.why,
    backed_at: new Date(b.backed_at).toISOString(),
  })),
  instructions_version: r.instructions_version,
  decision_reason: r.decision_reason,
  decided_by: r.decided_by,
  decided_at: r.decided_at?.toISOString() ?? null,
  created_at: r.created_at.toISOString(),
});

export async function findInstructionSuggestion(sql: Sql, orgId: string, id: string) {
  const [row] = await sql.query<Row>(`${SELECT} WHERE s.id = $1 AND s.org_id = $2`, [id, orgId]);
  if (!row) throw notFound('instruction suggestion', id);
  return toDto(row);
}

/** A tool's suggestions, most backed first; a tool rarely has more than a page of them. */
export async function listInstructionSuggestions(
  sql: Sql,
  toolId: string,
  status: string,
  limit: number,
  after: { backer_count: string; created_at: string; id: string } | null,
) {
  const rows = await sql.query<Row>(
    `${SELECT} WHERE s.tool_id = $1 AND ($2::text = 'all' OR s.status = $2)
       AND ($3::int IS NULL OR (-s.backer_count, s.created_at, s.id) > (-$3::int, $4::timestamptz, $5::text))
     ORDER BY s.backer_count DESC, s.created_at, s.id LIMIT $6`,
    [
      toolId,
      status,
      after ? Number(after.backer_count) : null,
      after?.created_at ?? null,
      after?.id ?? '',
      limit + 1,
    ],
  );
  const page = rows.slice(0, limit).map(toDto);
  const last = page[page.length - 1];
  return {
    page,
    next:
      rows.length > limit && last
        ? { backer_count: String(last.backer_count), created_at: last.created_at, id: last.id }
        : null,
  };
}
