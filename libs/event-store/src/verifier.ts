import type { Database } from '../../database/src/database';
import { chainHash, GENESIS_HASH, SEALABLE_COLUMNS, SealableRow } from './canonical';
import { checkpointSignatureValid, latestCheckpoint, SignedCheckpoint } from './checkpoint-signer';

export interface VerifyResult {
  ok: boolean;
  /** The position of the last event whose seal checked out (null for an empty chain). */
  checked_through: string | null;
  first_bad_position?: string;
  reason?: string;
  sealed_events: number;
}

interface SealRow extends Partial<SealableRow> {
  seq: string;
  seal_position: string;
  prev_hash: Buffer;
  hash: Buffer;
  event_position: string | null;
}

/**
 * Walks the hash chain from genesis, recomputing every event's hash from its stored row,
 * and names the first position that does not match. Then holds the chain to a signed
 * checkpoint (the caller's, or the newest stored one): a log that no longer reaches it has
 * lost its tail.
 */
export async function verifyLog(
  db: Database,
  options: { checkpoint?: SignedCheckpoint; trustedPublicKey?: string; batchSize?: number } = {},
): Promise<VerifyResult> {
  const batchSize = options.batchSize ?? 5000;
  let prev: Buffer = GENESIS_HASH;
  let expectedSeq = 1n;
  let checkedThrough: string | null = null;
  let headTxid = '0';
  let headPosition = '0';
  const hashes = new Map<string, string>();
  const checkpoint = options.checkpoint ?? (await latestCheckpoint(db)) ?? undefined;
  const fail = (position: string, reason: string): VerifyResult => ({
    ok: false,
    checked_through: checkedThrough,
    first_bad_position: position,
    reason,
    sealed_events: Number(expectedSeq - 1n),
  });
  for (;;) {
    const rows = await db.query<SealRow>(
      `SELECT s.seq::text AS seq, s.position::text AS seal_position, s.prev_hash, s.hash,
              e.position::text AS event_position, ${SEALABLE_COLUMNS.replace(/e\.position::text AS position,/, '')}
       FROM event_seals s LEFT JOIN events e ON e.position = s.position
       WHERE s.seq >= $1 ORDER BY s.seq LIMIT $2`,
      [expectedSeq.toString(), batchSize],
    );
    for (const row of rows) {
      if (BigInt(row.seq) !== expectedSeq) {
        return fail(row.seal_position, `seal ${expectedSeq} is missing: the chain was cut`);
      }
      if (!row.prev_hash.equals(prev)) {
        return fail(row.seal_position, 'seal does not link to its predecessor');
      }
      if (row.event_position === null) {
        return fail(row.seal_position, 'sealed event is missing from the log');
      }
      const recomputed = chainHash(prev, { ...(row as SealableRow), position: row.event_position });
      if (!recomputed.equals(row.hash)) {
        return fail(row.seal_position, 'event content does not match its seal');
      }
      prev = row.hash;
      checkedThrough = row.seal_position;
      headTxid = row.transaction_id ?? headTxid;
      headPosition = row.seal_position;
      if (checkpoint && row.seq === checkpoint.seq) hashes.set(row.seq, row.hash.toString('hex'));
      expectedSeq += 1n;
    }
    if (rows.length < batchSize) break;
  }
  const [behind] = await db.query<{ position: string }>(
    `SELECT e.position::text AS position FROM events e
     WHERE (e.transaction_id, e.position) < ($1::text::xid8, $2::bigint)
       AND NOT EXISTS (SELECT 1 FROM event_seals s WHERE s.position = e.position)
     ORDER BY e.position LIMIT 1`,
    [headTxid, headPosition],
  );
  if (behind) return fail(behind.position, 'event was inserted behind the sealed chain');
  if (checkpoint) {
    if (!checkpointSignatureValid(checkpoint, options.trustedPublicKey)) {
      return fail(checkpoint.position, 'the checkpoint signature is not valid');
    }
    const seen = hashes.get(checkpoint.seq);
    if (seen === undefined) {
      return fail(
        checkpoint.position,
        `the log ends before signed checkpoint seq ${checkpoint.seq}: events after position ${checkedThrough ?? 0} were removed`,
      );
    }
    if (seen !== checkpoint.head_hash) {
      return fail(checkpoint.position, 'the log does not extend the signed checkpoint');
    }
  }
  return { ok: true, checked_through: checkedThrough, sealed_events: Number(expectedSeq - 1n) };
}
