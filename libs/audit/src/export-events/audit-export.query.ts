import type { Sql } from '../../../database/src/database';
import { auditPageQuery, planPages, type AuditFilters } from '../list-events/audit-filters';
import { CSV_HEADER, type ExportFormat, lineColumn, PROJECTED, readExportPage } from './export-format';
import { PagedExport } from './paged-export';

export const EXPORT_PAGE_SIZE = 2000;

/**
 * An org's audit trail as a stream, keyset-paged over the audit read model in seq order with
 * the list's filters. It covers the trail as it stood when the export began, so it ends even
 * while events keep arriving, and two exports begun at once are identical.
 */
export async function auditExport(
  sql: Sql,
  orgId: string,
  filters: AuditFilters,
  format: ExportFormat,
  pageSize = EXPORT_PAGE_SIZE,
): Promise<PagedExport> {
  const header = format === 'csv' ? CSV_HEADER : '';
  const [mark] = await sql.query<{ last_seq: string }>(
    'SELECT last_seq::text AS last_seq FROM audit_watermark WHERE id = 1',
  );
  const end = BigInt(mark?.last_seq ?? '0') + 1n;
  const plan = await planPages(sql, orgId, filters, { after: 0n, before: end });
  if (!plan) return new PagedExport(header, () => Promise.resolve({ chunks: [], rows: 0, more: false }));
  const line = lineColumn(format, 'a', PROJECTED('a'), false);
  let after = plan.window.after;
  return new PagedExport(header, async () => {
    const query = auditPageQuery(
      orgId,
      filters,
      { ...plan, window: { ...plan.window, after } },
      pageSize,
      line,
    );
    const page = await readExportPage(sql, query, ['seq'], 'max(c.seq)::text', format);
    if (page.last !== null) after = BigInt(page.last);
    return { chunks: page.chunks, rows: page.rows, more: page.rows === pageSize };
  });
}
