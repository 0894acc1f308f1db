import type { EventMetadata } from '../../../event-store/src/event';
import type { AuditEventDto } from './list-events.dto';

/** ISO 8601 in UTC to the millisecond, formatted by PostgreSQL: the list and the export agree. */
export const isoMs = (expr: string) => `to_char(${expr} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The columns an audit event is served from, in audit_events and in the events table alike. */
export const AUDIT_EVENT_COLUMNS = (alias: string) =>
  `${alias}.position::text AS position, ${alias}.stream_id, ${alias}.stream_version, ${alias}.type,
   ${alias}.event_version, ${alias}.data, ${alias}.metadata, ${isoMs(`${alias}.occurred_at`)} AS occurred_at`;

export interface AuditEventRow {
  position: string;
  stream_id: string;
  stream_version: number;
  type: string;
  event_version: number;
  data: Record<string, unknown>;
  metadata: EventMetadata;
  occurred_at: string;
}

/**
 * What an auditor sees of an event: the event as recorded (the content the hash chain binds;
 * `event_version` says which schema it was written in), without the org, which is theirs.
 */
export function auditEventView(row: AuditEventRow): AuditEventDto {
  // Every recorded field but the org (the caller's own), as the export serves it too.
  const { org_id: _org, ...metadata } = row.metadata;
  return {
    position: row.position,
    stream_id: row.stream_id,
    stream_version: row.stream_version,
    type: row.type,
    event_version: row.event_version,
    data: row.data,
    metadata,
    occurred_at: row.occurred_at,
  };
}
