import {
  type EncryptedSecret,
  type EnvelopeColumns,
  fromColumns,
  rewrapDataKey,
} from '../../crypto/src/envelope';
import { KeyRing } from '../../crypto/src/key-ring';
import type { SecretContext } from '../../crypto/src/secret-context';
import type { Database } from '../../database/src/database';

/** The envelope's seven columns, in the order `ENVELOPE_COLUMNS` names them. */
export const ENVELOPE_COLUMNS = 'ciphertext, iv, tag, wrapped_key, wrap_iv, wrap_tag, kek_version';

export function envelopeValues(sealed: EncryptedSecret): unknown[] {
  return [
    sealed.ciphertext,
    sealed.iv,
    sealed.tag,
    sealed.wrappedKey,
    sealed.wrapIv,
    sealed.wrapTag,
    sealed.kekVersion,
  ];
}

export interface EnvelopeTable<Row extends EnvelopeColumns> {
  /** A table with the envelope columns and a text primary key. */
  table: string;
  /** Its primary key column: rows are re-wrapped in its order, a locked batch per transaction. */
  key: string & keyof Row;
  /** Columns besides the key and the envelope that `context` needs. */
  extra?: Array<string & keyof Row>;
  context(row: Row): SecretContext;
}

export interface RewrapReport {
  rewrapped: number;
  /** Rows (by key) that no configured master key opens: the old key must not be dropped yet. */
  unreadable: Array<{ key: string; reason: string }>;
}

/**
 * Re-wraps every row's data key under the newest master key (`masterKeys[0]`); the secret itself
 * is never decrypted. The rows the notification vaults keep (webhook endpoints, Slack apps).
 */
export async function rewrapEnvelopeTable<Row extends EnvelopeColumns>(
  db: Database,
  masterKeys: Buffer[],
  spec: EnvelopeTable<Row>,
  batchSize = 500,
): Promise<RewrapReport> {
  const ring = KeyRing.fromNewestFirst(masterKeys);
  const report: RewrapReport = { rewrapped: 0, unreadable: [] };
  const columns = [spec.key, ...(spec.extra ?? []), ENVELOPE_COLUMNS].join(', ');
  let after = '';
  for (;;) {
    const rows = await db.transaction(async (tx) => {
      const batch = await tx.query<Row>(
        `SELECT ${columns} FROM ${spec.table} WHERE ${spec.key} > $1 ORDER BY ${spec.key} LIMIT $2 FOR UPDATE`,
        [after, batchSize],
      );
      for (const row of batch) {
        let wrapped: EncryptedSecret;
        try {
          wrapped = rewrapDataKey(ring, fromColumns(row), spec.context(row));
        } catch (error) {
          report.unreadable.push({ key: String(row[spec.key]), reason: (error as Error).message });
          continue;
        }
        await tx.query(
          `UPDATE ${spec.table} SET wrapped_key = $2, wrap_iv = $3, wrap_tag = $4, kek_version = $5
           WHERE ${spec.key} = $1`,
          [row[spec.key], wrapped.wrappedKey, wrapped.wrapIv, wrapped.wrapTag, wrapped.kekVersion],
        );
        report.rewrapped += 1;
      }
      return batch;
    });
    if (rows.length === 0) return report;
    after = String(rows[rows.length - 1][spec.key]);
  }
}
