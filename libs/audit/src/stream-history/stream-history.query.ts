import { decodeCursor, encodeCursor } from '../../../common/src/http/cursor';
import { DomainError } from '../../../common/src/domain-error';
import type { Sql } from '../../../database/src/database';
import { AUDIT_EVENT_COLUMNS, auditEventView, type AuditEventRow } from '../list-events/audit-event.view';
import type { StreamHistoryDto } from './stream-history.dto';

/**
 * One aggregate's history, read from the log itself (its unique (stream_id, stream_version)
 * index), so it is current to the last commit. A stream of another org, or of none, is 404.
 */
export async function streamHistory(
  sql: Sql,
  orgId: string,
  streamId: string,
  page: { after?: string; limit: number },
): Promise<StreamHistoryDto> {
  const after = Number(decodeCursor(page.after, ['version'] as const)?.version ?? 0);
  if (!Number.isSafeInteger(after) || after < 0) {
    throw new DomainError('invalid', 'invalid-cursor', 'the cursor is not one this API returned');
  }
  const rows = await sql.query<AuditEventRow>(
    `SELECT ${AUDIT_EVENT_COLUMNS('e')} FROM events e
     WHERE e.stream_id = $1 AND e.org_id = $2 AND e.stream_version > $3
     ORDER BY e.stream_version LIMIT $4`,
    [streamId, orgId, after, page.limit + 1],
  );
  if (rows.length === 0 && after === 0) {
    throw new DomainError('not_found', 'not-found', `stream ${streamId} was not found`);
  }
  const shown = rows.slice(0, page.limit).map(auditEventView);
  const last = shown[shown.length - 1];
  return {
    stream_id: streamId,
    events: shown,
    next_cursor: rows.length > page.limit ? encodeCursor({ version: String(last.stream_version) }) : null,
  };
}
