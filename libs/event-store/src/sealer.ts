import type { Database, Sql } from '../../database/src/database';
import { canonicalParts, chainHash, GENESIS_HASH, SEALABLE_COLUMNS, SealableRow } from './canonical';
import type { LogMac, MacCheck } from './log-mac';

/** Any constant: identifies the sealer's advisory lock across instances. */
const SEALER_LOCK = 7_461_726_001;

/** Timestamps as the MACs bind them: UTC, to the microsecond. */
export const utcMicros = (expr: string) =>
  `to_char(${expr} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export interface SealHead {
  seq: bigint;
  position: bigint;
  hash: Buffer;
}

/** Rows and seals written before migration 1764400014000 carry no MAC; every later one must. */
export interface LegacyLog {
  /** Rows of transactions below this id may lack a MAC. */
  transactionId: bigint;
  /** Seals up to this seq may lack a MAC. */
  sealSeq: bigint;
}

export async function legacyLog(sql: Sql): Promise<LegacyLog> {
  const [row] = await sql.query<{ transaction_id: string; seal_seq: string }>(
    'SELECT transaction_id::text AS transaction_id, seal_seq::text AS seal_seq FROM keyledger_legacy_log()',
  );
  return { transactionId: BigInt(row.transaction_id), sealSeq: BigInt(row.seal_seq) };
}

/** Why the sealer stopped before a row: the log is not what the service wrote. */
export interface SealRefusal {
  position: string;
  reason: string;
}

export type StoredRow = SealableRow & { mac: Buffer | null };

/** Whether a stored row carries the MAC the service gave it (rows from before the MACs pass). */
export function rowMacCheck(
  mac: LogMac,
  legacy: LegacyLog,
  row: StoredRow,
  parts = canonicalParts(row),
): MacCheck {
  if (row.mac === null && BigInt(row.transaction_id) < legacy.transactionId) return 'valid';
  return mac.eventMacCheck(row, row.mac, parts);
}

/** Why a row's MAC did not check out, for verification's answer. */
export function rowMacReason(check: MacCheck, row: StoredRow): string {
  if (check === 'unknown-key') return 'event carries a MAC under a key this service does not hold';
  return row.mac === null
    ? 'event carries no MAC: the service did not write it'
    : 'event does not match its MAC: it was changed after the service wrote it';
}

/**
 * Seals committed events into the SHA-256 chain shortly after commit, in (transaction id,
 * position) order. Appends never wait on it: only sealers contend, for one advisory lock,
 * and a sealer that does not get it simply leaves the work to the one that did.
 *
 * Before sealing a row it checks the row's MAC, so an edit made between commit and seal is
 * never chained as genuine: the sealer stops before it, and verification names it. Each seal
 * carries a MAC of its own, so nobody without the service's keys can rewrite the chain.
 */
export class Sealer {
  private legacy: LegacyLog | null = null;
  /** Set while the sealer stands before a row it will not seal. */
  refusal: SealRefusal | null = null;

  constructor(
    private readonly db: Database,
    private readonly mac: LogMac,
    private readonly onRefusal: (refusal: SealRefusal) => void = () => undefined,
  ) {}

  /** Seals up to `limit` events; answers how many. */
  async sealBatch(limit = 2000): Promise<number> {
    this.legacy ??= await legacyLog(this.db);
    const legacy = this.legacy;
    return this.db.transaction(async (tx) => {
      const [lock] = await tx.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS ok', [
        SEALER_LOCK,
      ]);
      if (!lock.ok) return 0;
      const [head] = await tx.query<{
        now: string;
        seq: string | null;
        transaction_id: string;
        position: string;
        prev_hash: Buffer;
        hash: Buffer;
        mac: Buffer | null;
        sealed_at: string;
      }>(
        `SELECT ${utcMicros('now()')} AS now, s.seq::text AS seq, s.transaction_id::text AS transaction_id,
                s.position::text AS position, s.prev_hash, s.hash, s.mac, ${utcMicros('s.sealed_at')} AS sealed_at
         FROM (SELECT 1) AS one
         LEFT JOIN LATERAL (SELECT * FROM event_seals ORDER BY seq DESC LIMIT 1) s ON true`,
      );
      if (head.seq !== null && BigInt(head.seq) > legacy.sealSeq) {
        const check = this.mac.sealMacCheck({ ...head, seq: head.seq }, head.mac);
        // A seal under a key this instance does not hold yet: an instance that does seals on.
        if (check === 'unknown-key') return 0;
        if (check === 'invalid') {
          this.refuse({ position: head.position, reason: 'the newest seal was not written by this service' });
          return 0;
        }
      }
      const rows = await tx.query<StoredRow>(
        `SELECT ${SEALABLE_COLUMNS}, e.mac FROM events e
         WHERE (e.transaction_id, e.position) > ($1::text::xid8, $2::bigint)
           AND e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
         ORDER BY e.transaction_id, e.position LIMIT $3`,
        [head.seq === null ? '0' : head.transaction_id, head.seq === null ? '0' : head.position, limit],
      );
      let seq = head.seq === null ? 0n : BigInt(head.seq);
      let prev = head.seq === null ? GENESIS_HASH : head.hash;
      const seals = { seq: [] as string[], position: [] as string[], txid: [] as string[] };
      const hashes = { prev: [] as Buffer[], hash: [] as Buffer[], mac: [] as Buffer[] };
      let refused: SealRefusal | null = null;
      for (const row of rows) {
        const parts = canonicalParts(row);
        const check = rowMacCheck(this.mac, legacy, row, parts);
        if (check === 'unknown-key') break; // left for an instance that holds the key
        if (check === 'invalid') {
          refused = { position: row.position, reason: rowMacReason(check, row) };
          break;
        }
        seq += 1n;
        const hash = chainHash(prev, row, parts);
        const seal = { seq: seq.toString(), position: row.position, transaction_id: row.transaction_id };
        seals.seq.push(seal.seq);
        seals.position.push(seal.position);
        seals.txid.push(seal.transaction_id);
        hashes.prev.push(prev);
        hashes.hash.push(hash);
        hashes.mac.push(this.mac.sealMac({ ...seal, prev_hash: prev, hash, sealed_at: head.now }));
        prev = hash;
      }
      if (refused) this.refuse(refused);
      else this.refusal = null;
      if (seals.seq.length === 0) return 0;
      await tx.query(
        `INSERT INTO event_seals (seq, position, transaction_id, prev_hash, hash, mac, sealed_at)
         SELECT u.*, $7::timestamptz
         FROM unnest($1::bigint[], $2::bigint[], $3::text[]::xid8[], $4::bytea[], $5::bytea[], $6::bytea[]) AS u`,
        [seals.seq, seals.position, seals.txid, hashes.prev, hashes.hash, hashes.mac, head.now],
      );
      return seals.seq.length;
    });
  }

  private refuse(refusal: SealRefusal): void {
    if (this.refusal?.position !== refusal.position) this.onRefusal(refusal);
    this.refusal = refusal;
  }

  /** Seals until nothing committed is left unsealed, or the sealer stands before a bad row. */
  async sealAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.sealBatch();
      total += n;
      if (n === 0 || this.refusal) return total;
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
      if (this.refusal) return; // verification names the row; waiting would not seal it
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
