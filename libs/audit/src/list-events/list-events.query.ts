import { decodeCursor, encodeCursor } from '../../../common/src/http/cursor';
import { DomainError } from '../../../common/src/domain-error';
import type { Sql } from '../../../database/src/database';
import { AUDIT_EVENT_COLUMNS, auditEventView, type AuditEventRow } from './audit-event.view';
import { auditPageQuery, planPages, type AuditFilters } from './audit-filters';
import type { AuditEventListDto } from './list-events.dto';

/** The seq an audit cursor stands for (0 before the first event). */
export function seqOfCursor(cursor: string | undefined): bigint {
  const decoded = decodeCursor(cursor, ['seq'] as const);
  if (!decoded) return 0n;
  if (!/^\d{1,19}$/.test(decoded.seq)) {
    throw new DomainError('invalid', 'invalid-cursor', 'the cursor is not one this API returned', {
      errors: [{ field: 'after', message: 'is not a cursor this API returned' }],
    });
  }
  return BigInt(decoded.seq);
}

export const cursorOfSeq = (seq: string) => encodeCursor({ seq });

/**
 * One page of the caller's org's audit trail, read from the audit projection: oldest first
 * (`after` is the last seq seen), or newest first, where the cursor is the oldest seq seen and
 * the next page lies before it.
 */
export async function listAuditEvents(
  sql: Sql,
  orgId: string,
  filters: AuditFilters,
  page: { after?: string; limit: number; order?: 'asc' | 'desc' },
): Promise<AuditEventListDto> {
  const descending = page.order === 'desc';
  const cursor = seqOfCursor(page.after);
  const window = descending
    ? { after: 0n, before: page.after ? cursor : null }
    : { after: cursor, before: null };
  const plan = await planPages(sql, orgId, filters, window);
  const resumeEmpty = descending ? null : (page.after ?? null);
  if (!plan) return { events: [], next_cursor: null, resume_cursor: resumeEmpty };
  const { text, params } = auditPageQuery(
    orgId,
    filters,
    plan,
    page.limit + 1,
    AUDIT_EVENT_COLUMNS('a'),
    descending,
  );
  const rows = await sql.query<AuditEventRow & { seq: string }>(text, params);
  const shown = rows.slice(0, page.limit);
  const last = shown[shown.length - 1];
  // Tailing resumes after the newest event shown: the last row oldest first, the first newest first.
  const newest = descending ? shown[0] : last;
  return {
    events: shown.map(auditEventView),
    next_cursor: rows.length > page.limit ? cursorOfSeq(last.seq) : null,
    resume_cursor: newest ? cursorOfSeq(newest.seq) : resumeEmpty,
  };
}
