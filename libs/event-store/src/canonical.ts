import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** The row fields that the hash chain binds, read with full timestamp precision. */
export interface SealableRow {
  position: string;
  transaction_id: string;
  event_id: string;
  stream_id: string;
  stream_version: number;
  org_id: string | null;
  type: string;
  event_version: number;
  data: unknown;
  metadata: unknown;
  occurred_at: string;
}

/** SQL select list that yields a SealableRow; timestamps as text so microseconds count. */
export const SEALABLE_COLUMNS = `
  e.position::text AS position, e.transaction_id::text AS transaction_id, e.event_id::text AS event_id,
  e.stream_id, e.stream_version, e.org_id, e.type, e.event_version, e.data, e.metadata,
  to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_at`;

export const GENESIS_HASH = Buffer.alloc(32);

/** SHA-256 over the predecessor's hash and the RFC 8785 canonical JSON of the event. */
export function chainHash(prev: Buffer, row: SealableRow): Buffer {
  const canonical = canonicalize({
    position: row.position,
    transaction_id: row.transaction_id,
    event_id: row.event_id,
    stream_id: row.stream_id,
    stream_version: row.stream_version,
    org_id: row.org_id,
    type: row.type,
    event_version: row.event_version,
    data: row.data,
    metadata: row.metadata,
    occurred_at: row.occurred_at,
  });
  return createHash('sha256')
    .update(prev)
    .update(canonical ?? '')
    .digest();
}
