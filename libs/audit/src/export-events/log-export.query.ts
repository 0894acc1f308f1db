import type { Sql } from '../../../database/src/database';
import type { AuditFilters } from '../list-events/audit-filters';
import { CSV_HEADER, DERIVED, type ExportFormat, lineColumn, readExportPage } from './export-format';
import { PagedExport } from './paged-export';

export interface LogExportFilters extends AuditFilters {
  /** Every org (and org-less events) when absent: the operator's view. */
  orgId?: string;
}

/**
 * The log itself as a stream, for operators (`keyledger audit export`): read from the events
 * table in commit order, (transaction id, position), up to the transactions that had ended
 * when the export began. Needs no read model, so it works before the service ever ran.
 */
export async function logExport(
  sql: Sql,
  f: LogExportFilters,
  format: ExportFormat,
  pageSize = 5000,
): Promise<PagedExport> {
  const [{ horizon }] = await sql.query<{ horizon: string }>(
    'SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon',
  );
  const derived = DERIVED('e');
  const params: unknown[] = [horizon];
  const where = ['e.transaction_id < $1::text::xid8'];
  const add = (condition: string, value: unknown) => {
    params.push(value);
    where.push(condition.replace('?', `$${params.length}`));
  };
  if (f.orgId) add('e.org_id = ?', f.orgId);
  if (f.types.length > 0) add('e.type = ANY(?::text[])', f.types);
  if (f.agentId) add(`${derived.agentId} = ?`, f.agentId);
  if (f.toolId) add(`${derived.toolId} = ?`, f.toolId);
  if (f.actorType) add(`e.metadata->'actor'->>'type' = ?`, f.actorType);
  if (f.actorId) add(`e.metadata->'actor'->>'id' = ?`, f.actorId);
  if (f.streamId) add('e.stream_id = ?', f.streamId);
  if (f.from) add('e.occurred_at >= ?', f.from);
  if (f.to) add('e.occurred_at < ?', f.to);
  const n = params.length;
  const text = `
    SELECT e.transaction_id AS tx, e.position AS pos, ${lineColumn(format, 'e', derived, true)}
    FROM events e
    WHERE ${where.join(' AND ')} AND (e.transaction_id, e.position) > ($${n + 1}::text::xid8, $${n + 2}::bigint)
    ORDER BY e.transaction_id, e.position LIMIT $${n + 3}`;
  // The greatest (transaction id, position) pair: arrays compare element by element.
  const last = `array_to_string(max(ARRAY[c.tx::text::numeric, c.pos::numeric]), ' ')`;
  let cursor = ['0', '0'];
  return new PagedExport(format === 'csv' ? CSV_HEADER : '', async () => {
    const page = await readExportPage(
      sql,
      { text, params: [...params, ...cursor, pageSize] },
      ['tx', 'pos'],
      last,
      format,
    );
    if (page.last !== null) cursor = page.last.split(' ');
    return { chunks: page.chunks, rows: page.rows, more: page.rows === pageSize };
  });
}
