import type { Database } from '../../database/src/database';
import { chainHash, GENESIS_HASH, SEALABLE_COLUMNS, SealableRow } from './canonical';

/** Any constant: identifies the sealer's advisory lock across instances. */
const SEALER_LOCK = 7_461_726_001;

export interface SealHead {
  seq: bigint;
  position: bigint;
  hash: Buffer;
}

/**
 * Seals committed events into the SHA-256 chain shortly after commit, in (transaction id,
 * position) order. Appends never wait on it: only sealers contend, for one advisory lock,
 * and a sealer that does not get it simply leaves the work to the one that did.
 */
export class Sealer {
  constructor(private readonly db: Database) {}

  /** Seals up to `limit` events; answers how many. */
  async sealBatch(limit = 2000): Promise<number> {
    return this.db.transaction(async (tx) => {
      const [lock] = await tx.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS ok', [
        SEALER_LOCK,
      ]);
      if (!lock.ok) return 0;
      const [head] = await tx.query<{ seq: string; transaction_id: string; position: string; hash: Buffer }>(
        `SELECT seq::text AS seq, transaction_id::text AS transaction_id, position::text AS position, hash
         FROM event_seals s ORDER BY s.seq DESC LIMIT 1`,
      );
      const rows = await tx.query<SealableRow>(
        `SELECT ${SEALABLE_COLUMNS} FROM events e
         WHERE (e.transaction_id, e.position) > ($1::text::xid8, $2::bigint)
           AND e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
         ORDER BY e.transaction_id, e.position LIMIT $3`,
        [head?.transaction_id ?? '0', head?.position ?? '0', limit],
      );
      if (rows.length === 0) return 0;
      let seq = head ? BigInt(head.seq) : 0n;
      let prev = head ? head.hash : GENESIS_HASH;
      const seqs: string[] = [];
      const positions: string[] = [];
      const txids: string[] = [];
      const prevs: Buffer[] = [];
      const hashes: Buffer[] = [];
      for (const row of rows) {
        seq += 1n;
        const hash = chainHash(prev, row);
        seqs.push(seq.toString());
        positions.push(row.position);
        txids.push(row.transaction_id);
        prevs.push(prev);
        hashes.push(hash);
        prev = hash;
      }
      await tx.query(
        `INSERT INTO event_seals (seq, position, transaction_id, prev_hash, hash)
         SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[]::xid8[], $4::bytea[], $5::bytea[])`,
        [seqs, positions, txids, prevs, hashes],
      );
      return rows.length;
    });
  }

  /** Seals until nothing committed is left unsealed. */
  async sealAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.sealBatch();
      total += n;
      if (n === 0) return total;
    }
  }

  /**
   * Seals every event committed before this call, waiting (up to `timeoutMs`) for older
   * transactions anywhere on the server to end: the horizon is server-wide.
   */
  async sealCommitted(timeoutMs = 10_000): Promise<void> {
    const [{ target }] = await this.db.query<{ target: string | null }>(
      'SELECT max(position)::text AS target FROM events',
    );
    if (target === null) return;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.sealAll();
      const [gap] = await this.db.query(
        `SELECT 1 FROM events e WHERE e.position <= $1
           AND NOT EXISTS (SELECT 1 FROM event_seals s WHERE s.position = e.position) LIMIT 1`,
        [target],
      );
      if (!gap || Date.now() > deadline) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async head(): Promise<SealHead | null> {
    const [row] = await this.db.query<{ seq: string; position: string; hash: Buffer }>(
      'SELECT seq::text AS seq, position::text AS position, hash FROM event_seals s ORDER BY s.seq DESC LIMIT 1',
    );
    return row ? { seq: BigInt(row.seq), position: BigInt(row.position), hash: row.hash } : null;
  }
}
