import type { Sql } from '../../database/src/database';
import { SEALABLE_COLUMNS } from './canonical';
import {
  CHECKPOINT_COLUMNS,
  type CheckpointRow,
  checkpointOf,
  type StoredCheckpoint,
} from './checkpoint-signer';
import { ed25519PublicKey, signatureValid } from './checkpoint-trust';
import { type LegacyLog, rowMacCheck, rowMacReason, type StoredRow } from './sealer';
import { fail } from './verify-failure';
import type { ChainState, VerifyChainOptions } from './verifier';

/* The checks verifyChain makes around its walk of the seals (verifier.ts). */

export /** The stored checkpoints after a seq, in chain order, a page at a time. */
class CheckpointCursor {
  private page: StoredCheckpoint[] = [];
  private exhausted = false;
  private after: { seq: string; id: string };

  constructor(
    private readonly sql: Sql,
    fromSeq: string,
  ) {
    this.after = { seq: fromSeq, id: '9223372036854775807' };
  }

  async peek(): Promise<StoredCheckpoint | null> {
    if (this.page.length === 0 && !this.exhausted) {
      const rows = await this.sql.query<CheckpointRow>(
        `SELECT ${CHECKPOINT_COLUMNS} FROM signed_checkpoints c
         WHERE (c.seq, c.id) > ($1::bigint, $2::bigint) ORDER BY c.seq, c.id LIMIT 500`,
        [this.after.seq, this.after.id],
      );
      this.page = rows.map(checkpointOf);
      // Checkpoints signed while the walk runs are found by the next one.
      this.exhausted = rows.length < 500;
      const last = this.page[this.page.length - 1];
      if (last) this.after = { seq: last.chainSeq, id: last.id };
    }
    return this.page[0] ?? null;
  }

  take(): void {
    this.page.shift();
  }
}

/** An incremental walk starts where the last one ended: the seal there must be unchanged. */
export async function checkResumePoint(sql: Sql, from: ChainState): Promise<void> {
  if (from.seq === '0') return;
  const [seal] = await sql.query<{ hash: Buffer }>('SELECT hash FROM event_seals WHERE seq = $1', [from.seq]);
  if (!seal || seal.hash.toString('hex') !== from.hash) {
    fail(from.position, 'the chain no longer reaches the head the last verification proved');
  }
}

/** Checks the auditor's checkpoint signature and finds its seal; null when none was given. */
export async function locateAuditorCheckpoint(sql: Sql, options: VerifyChainOptions, from: ChainState) {
  if (!options.auditorCheckpoint) return null;
  const { checkpoint, publicKey } = options.auditorCheckpoint;
  let key;
  try {
    key = publicKey ? ed25519PublicKey(publicKey) : ed25519PublicKey(checkpoint.public_key);
  } catch {
    return fail(checkpoint.position, 'the public key is not an Ed25519 key');
  }
  if (!publicKey && !options.trust.trusts(checkpoint.public_key)) {
    fail(
      checkpoint.position,
      'your checkpoint names a key this service does not trust: pass the public key you hold',
    );
  }
  if (!signatureValid(checkpoint, key))
    fail(checkpoint.position, 'your checkpoint’s signature is not valid for that key');
  const [seal] = await sql.query<{ seq: string }>(
    'SELECT seq::text AS seq FROM event_seals WHERE position = $1',
    [checkpoint.position],
  );
  const seq = checkpoint.seq ?? seal?.seq;
  if (seq === undefined) {
    return fail(
      checkpoint.position,
      'the log ends before your checkpoint: its head is no longer in the chain, events were removed',
    );
  }
  if (BigInt(seq) <= BigInt(from.seq)) throw new Error('an auditor checkpoint needs a walk from before it');
  return { checkpoint, seq };
}

/** No event may sit unsealed among the sealed ones: it was inserted behind the chain. */
export async function checkNothingBehind(sql: Sql, from: ChainState, head: ChainState): Promise<void> {
  const [behind] = await sql.query<{ position: string }>(
    `SELECT e.position::text AS position FROM events e
     WHERE (e.transaction_id, e.position) > ($1::text::xid8, $2::bigint)
       AND (e.transaction_id, e.position) < ($3::text::xid8, $4::bigint)
       AND NOT EXISTS (SELECT 1 FROM event_seals s WHERE s.position = e.position)
     ORDER BY e.position LIMIT 1`,
    [from.transaction_id, from.position, head.transaction_id, head.position],
  );
  if (behind) fail(behind.position, 'event was inserted behind the sealed chain');
}

/** Events committed after the head are not chained yet; each must carry the service's MAC. */
export async function checkUnsealed(
  sql: Sql,
  options: VerifyChainOptions,
  legacy: LegacyLog,
  head: ChainState,
): Promise<number> {
  let cursor = [head.transaction_id, head.position];
  let count = 0;
  for (;;) {
    const rows = await sql.query<StoredRow>(
      `SELECT ${SEALABLE_COLUMNS}, e.mac FROM events e
       WHERE (e.transaction_id, e.position) > ($1::text::xid8, $2::bigint)
       ORDER BY e.transaction_id, e.position LIMIT $3`,
      [...cursor, options.batchSize ?? 1000],
    );
    for (const row of rows) {
      const check = rowMacCheck(options.mac, legacy, row);
      if (check !== 'valid') fail(row.position, rowMacReason(check, row), row.org_id);
      count += 1;
    }
    if (rows.length < (options.batchSize ?? 1000)) return count;
    const last = rows[rows.length - 1];
    cursor = [last.transaction_id, last.position];
  }
}
