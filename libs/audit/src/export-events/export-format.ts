import type { Sql } from '../../../database/src/database';
import { isoMs } from '../list-events/audit-event.view';

/*
 * Export lines are built by PostgreSQL, one text column per row: the database process does
 * the JSON and CSV work on its own core while Node only concatenates and sends, which is what
 * lets an export run at tens of thousands of events a second (bench/audit/README.md).
 */

export type ExportFormat = 'ndjson' | 'csv';

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  ndjson: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

/** The two derived columns, for a table that lacks them (the events table): as the projection derives them. */
export interface DerivedColumns {
  agentId: string;
  toolId: string;
}

export const PROJECTED: (alias: string) => DerivedColumns = (a) => ({
  agentId: `${a}.agent_id`,
  toolId: `${a}.tool_id`,
});

export const DERIVED: (alias: string) => DerivedColumns = (a) => ({
  agentId: `CASE WHEN ${a}.metadata->'actor'->>'type' = 'agent' THEN ${a}.metadata->'actor'->>'id'
    WHEN jsonb_typeof(${a}.data->'agent_id') = 'string' THEN ${a}.data->>'agent_id' END`,
  toolId: `CASE WHEN jsonb_typeof(${a}.data->'tool_id') = 'string' THEN ${a}.data->>'tool_id' END`,
});

/** The current name of an agent or tool id (libs/audit/src/names), so a reader needs no lookup. */
const nameOf = (a: string, id: string) =>
  `(SELECT n.name FROM audit_names n WHERE n.org_id = ${a}.org_id AND n.id = ${id})`;

/**
 * The event as GET /api/audit/events serves it (audit-event.view.ts), as one JSON line, by
 * concatenation: about a third cheaper for the database than json_build_object, and every
 * operand is NOT NULL (a NULL would blank the line), org_id aside, which is guarded.
 */
export function ndjsonLine(a: string, withOrg: boolean): string {
  const org = withOrg ? `',"org_id":' || coalesce(to_json(${a}.org_id)::text, 'null') ||` : '';
  return `'{"position":"' || ${a}.position || '"' || ${org}
    ',"stream_id":' || to_json(${a}.stream_id) || ',"stream_version":' || ${a}.stream_version ||
    ',"type":' || to_json(${a}.type) || ',"event_version":' || ${a}.event_version ||
    ',"data":' || ${a}.data || ',"metadata":' || (${a}.metadata - 'org_id') ||
    ',"occurred_at":"' || ${isoMs(`${a}.occurred_at`)} || '"}'`;
}

/** RFC 4180 text field: `audit_csv_field` (migration 1764400005000) quotes and defuses it. */
const text = (expr: string) => `audit_csv_field(${expr})`;

const CSV_COLUMNS: Array<[string, (a: string, d: DerivedColumns) => string]> = [
  ['position', (a) => `${a}.position::text`],
  ['occurred_at', (a) => isoMs(`${a}.occurred_at`)],
  ['org_id', (a) => text(`${a}.org_id`)],
  ['stream_id', (a) => text(`${a}.stream_id`)],
  ['stream_version', (a) => `${a}.stream_version::text`],
  ['type', (a) => text(`${a}.type`)],
  ['event_version', (a) => `${a}.event_version::text`],
  ['actor_type', (a) => text(`${a}.metadata->'actor'->>'type'`)],
  ['actor_id', (a) => text(`${a}.metadata->'actor'->>'id'`)],
  ['actor_name', (a) => text(`${a}.metadata->'actor'->>'name'`)],
  ['agent_id', (_a, d) => text(d.agentId)],
  ['tool_id', (_a, d) => text(d.toolId)],
  ['agent_name', (a, d) => text(nameOf(a, d.agentId))],
  ['tool_name', (a, d) => text(nameOf(a, d.toolId))],
  ['ip', (a) => text(`${a}.metadata->>'ip'`)],
  ['user_agent', (a) => text(`${a}.metadata->>'user_agent'`)],
  ['correlation_id', (a) => text(`${a}.metadata->>'correlation_id'`)],
  ['causation_id', (a) => text(`${a}.metadata->>'causation_id'`)],
  ['channel', (a) => text(`${a}.metadata->>'channel'`)],
  // JSON never starts with a formula character: quoting is all it needs.
  ['data', (a) => `'"' || replace(${a}.data::text, '"', '""') || '"'`],
];

export const CSV_HEADER = CSV_COLUMNS.map(([name]) => name).join(',') + '\r\n';

export function csvLine(a: string, derived: DerivedColumns): string {
  return CSV_COLUMNS.map(([, sql]) => sql(a, derived)).join(` || ',' || `);
}

/** SQL for one export line of `format`, selected AS line. */
export function lineColumn(format: ExportFormat, a: string, derived: DerivedColumns, withOrg: boolean) {
  return `${format === 'csv' ? csvLine(a, derived) : ndjsonLine(a, withOrg)} AS line`;
}

/** Lines per text PostgreSQL hands back: tens of KiB, under V8's large-object size. */
export const LINES_PER_CHUNK = 64;

/**
 * Reads one page of an export (`pageSql` selects `line` and the `order` columns) with its
 * lines joined by PostgreSQL into texts of LINES_PER_CHUNK lines, each terminated, with the
 * page's row count and the cursor of its last row (`last`, an aggregate over the rows, alias
 * `c`). Node then receives one value per chunk instead of building an object per row, and
 * each chunk is small enough to die young: a page as one multi-megabyte string would go to
 * the old generation and pile up there until the next full collection, so memory would climb
 * by the export's size between collections instead of staying flat.
 */
export async function readExportPage(
  sql: Sql,
  page: { text: string; params: unknown[] },
  order: string[],
  last: string,
  format: ExportFormat,
): Promise<{ chunks: string[]; rows: number; last: string | null }> {
  const eol = format === 'csv' ? `E'\\r\\n'` : `E'\\n'`;
  const by = order.map((c) => `c.${c}`).join(', ');
  const chunks = await sql.query<{ rows: number; last: string; text: string }>(
    `SELECT count(*)::int AS rows, ${last} AS last, string_agg(c.line, ${eol} ORDER BY ${by}) || ${eol} AS text
     FROM (SELECT p.*, (row_number() OVER (ORDER BY ${order.map((c) => `p.${c}`).join(', ')}) - 1) / ${LINES_PER_CHUNK} AS chunk
           FROM (${page.text}) p) c
     GROUP BY c.chunk ORDER BY c.chunk`,
    page.params,
  );
  return {
    chunks: chunks.map((c) => c.text),
    rows: chunks.reduce((n, c) => n + c.rows, 0),
    last: chunks.length > 0 ? chunks[chunks.length - 1].last : null,
  };
}
