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

/** RFC 8785 canonical JSON of one value. */
export function canonical(value: unknown): string {
  return canonicalize(value) ?? '';
}

/**
 * RFC 8785 canonical JSON of an object whose member values are already canonical texts: the
 * same bytes as canonicalizing the whole object (members sorted by UTF-16 code units), so the
 * large members (data, metadata) are serialised once for both the chain hash and the MAC.
 */
export function canonicalObject(members: Record<string, string>): string {
  return `{${Object.keys(members)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${members[key]}`)
    .join(',')}}`;
}

/** The canonical texts of a row's two large members, computed once per row. */
export interface CanonicalParts {
  data: string;
  metadata: string;
}

export const canonicalParts = (row: { data: unknown; metadata: unknown }): CanonicalParts => ({
  data: canonical(row.data),
  metadata: canonical(row.metadata),
});

/** SHA-256 over the predecessor's hash and the RFC 8785 canonical JSON of the event. */
export function chainHash(
  prev: Buffer,
  row: SealableRow,
  parts: CanonicalParts = canonicalParts(row),
): Buffer {
  // The members in RFC 8785 order, written out: this runs for every event the sealer seals and
  // verification walks (log-mac.spec.ts holds it equal to canonicalizing the whole row).
  const text =
    `{"data":${parts.data},"event_id":${JSON.stringify(row.event_id)},"event_version":${canonical(row.event_version)},` +
    `"metadata":${parts.metadata},"occurred_at":${JSON.stringify(row.occurred_at)},"org_id":${canonical(row.org_id)},` +
    `"position":${JSON.stringify(row.position)},"stream_id":${JSON.stringify(row.stream_id)},` +
    `"stream_version":${canonical(row.stream_version)},"transaction_id":${JSON.stringify(row.transaction_id)},` +
    `"type":${JSON.stringify(row.type)}}`;
  return createHash('sha256').update(prev).update(text).digest();
}
