import { fromColumns, rewrapDataKey } from '../../../crypto/src/envelope';
import { KeyRing } from '../../../crypto/src/key-ring';
import type { Database } from '../../../database/src/database';
import { rowContext, type SecretRow, SECRET_COLUMNS } from './secret-row';

export interface RotationReport {
  /** The version number the newest master key holds in the ring. */
  kekVersion: number;
  rewrapped: number;
  /** Rows found still under an older key by the verification pass (and re-wrapped then). */
  stragglers: number;
  /** Rows that no configured master key opens: the old key must not be dropped yet. */
  unreadable: Array<{ tool_id: string; scope: string; version: number; reason: string }>;
}

export interface RewrapOptions {
  batchSize?: number;
  /** Called after each committed batch with the rows updated so far in this pass. */
  onBatch?: (updated: number) => void | Promise<void>;
}

type Update = Pick<
  SecretRow,
  'tool_id' | 'scope' | 'version' | 'wrapped_key' | 'wrap_iv' | 'wrap_tag' | 'kek_version'
>;

/**
 * Re-wraps every data key under the newest master key (`masterKeys[0]`). Only wrapped_key,
 * wrap_iv, wrap_tag and kek_version change; ciphertexts are never decrypted or touched. Each
 * batch is its own short transaction with row locks, so the service keeps serving (it only
 * inserts and reads these rows). A second pass then proves every row opens under the newest
 * key alone, re-wrapping rows that an instance still on the old key inserted meanwhile.
 */
export async function rewrapAllSecrets(
  db: Database,
  masterKeys: Buffer[],
  options: RewrapOptions = {},
): Promise<RotationReport> {
  const ring = KeyRing.fromNewestFirst(masterKeys);
  const newestOnly = KeyRing.fromNewestFirst(masterKeys.slice(0, 1));
  const report: RotationReport = {
    kekVersion: ring.currentVersion,
    rewrapped: 0,
    stragglers: 0,
    unreadable: [],
  };
  const rewrap = (row: SecretRow): Update => {
    const wrapped = rewrapDataKey(ring, fromColumns(row), rowContext(row));
    return {
      ...row,
      wrapped_key: wrapped.wrappedKey,
      wrap_iv: wrapped.wrapIv,
      wrap_tag: wrapped.wrapTag,
      kek_version: wrapped.kekVersion,
    };
  };
  report.rewrapped = await eachBatch(db, options, (row) => {
    try {
      return rewrap(row);
    } catch {
      return null; // reported by the verification pass, once
    }
  });
  report.stragglers = await eachBatch(db, options, (row) => {
    try {
      rewrapDataKey(newestOnly, fromColumns(row), rowContext(row));
      return null;
    } catch {
      try {
        return rewrap(row);
      } catch (error) {
        report.unreadable.push({
          tool_id: row.tool_id,
          scope: row.scope,
          version: row.version,
          reason: (error as Error).message,
        });
        return null;
      }
    }
  });
  report.rewrapped += report.stragglers;
  return report;
}

/** Walks secret_versions in primary-key order, a locked batch per transaction; returns rows updated. */
async function eachBatch(
  db: Database,
  options: RewrapOptions,
  change: (row: SecretRow) => Update | null,
): Promise<number> {
  const batchSize = options.batchSize ?? 500;
  let after: [string, string, number] = ['', '', 0];
  let updated = 0;
  for (;;) {
    const rows = await db.transaction(async (tx) => {
      const batch = await tx.query<SecretRow>(
        `SELECT ${SECRET_COLUMNS} FROM secret_versions WHERE (tool_id, scope, version) > ($1, $2, $3)
         ORDER BY tool_id, scope, version LIMIT $4 FOR UPDATE`,
        [...after, batchSize],
      );
      const updates = batch.map(change).filter((u): u is Update => u !== null);
      if (updates.length > 0) {
        await tx.query(
          `UPDATE secret_versions s SET wrapped_key = u.wrapped_key, wrap_iv = u.wrap_iv,
             wrap_tag = u.wrap_tag, kek_version = u.kek_version
           FROM unnest($1::text[], $2::text[], $3::int[], $4::bytea[], $5::bytea[], $6::bytea[], $7::int[])
             AS u(tool_id, scope, version, wrapped_key, wrap_iv, wrap_tag, kek_version)
           WHERE s.tool_id = u.tool_id AND s.scope = u.scope AND s.version = u.version`,
          (['tool_id', 'scope', 'version', 'wrapped_key', 'wrap_iv', 'wrap_tag', 'kek_version'] as const).map(
            (c) => updates.map((u) => u[c]),
          ),
        );
      }
      updated += updates.length;
      return batch;
    });
    if (rows.length === 0) return updated;
    const last = rows[rows.length - 1];
    after = [last.tool_id, last.scope, last.version];
    await options.onBatch?.(updated);
  }
}
