import { generateKeyPairSync, sign } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { Client } from 'pg';
import {
  chainHash,
  GENESIS_HASH,
  SEALABLE_COLUMNS,
  type SealableRow,
} from '../../libs/event-store/src/canonical';

/*
 * What a database superuser can do behind the service's back: the tests of the log's integrity
 * play this part with a superuser connection (test/support/database.ts `admin()`).
 */

/** Runs `work` with the append-only triggers of `tables` switched off, as a superuser can. */
export async function behindTheTriggers<T>(su: Client, tables: string[], work: () => Promise<T>): Promise<T> {
  for (const table of tables) await su.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
  try {
    return await work();
  } finally {
    for (const table of tables) await su.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
  }
}

/**
 * Rewrites every seal from the one of `fromPosition` on so that the SHA-256 chain matches the
 * rows as they now are: anyone can, the chain has no key.
 */
export async function recomputeSeals(su: Client, fromPosition: string): Promise<void> {
  const { rows } = await su.query<SealableRow & { seq: string; prev_hash: Buffer }>(
    `SELECT s.seq::text AS seq, s.prev_hash, ${SEALABLE_COLUMNS}
     FROM event_seals s JOIN events e ON e.position = s.position
     WHERE s.seq >= (SELECT seq FROM event_seals WHERE position = $1) ORDER BY s.seq`,
    [fromPosition],
  );
  let prev = rows[0]?.prev_hash ?? GENESIS_HASH;
  await behindTheTriggers(su, ['event_seals'], async () => {
    for (const row of rows) {
      const hash = chainHash(prev, row);
      await su.query('UPDATE event_seals SET prev_hash = $2, hash = $3 WHERE seq = $1', [
        row.seq,
        prev,
        hash,
      ]);
      prev = hash;
    }
  });
}

/** Signs the current head with a key of the attacker's own and stores it as a checkpoint. */
export async function forgeCheckpoint(su: Client): Promise<void> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const {
    rows: [head],
  } = await su.query<{ seq: string; position: string; hash: Buffer }>(
    'SELECT seq::text AS seq, position::text AS position, hash FROM event_seals ORDER BY seq DESC LIMIT 1',
  );
  const unsigned = {
    seq: head.seq,
    position: head.position,
    head_hash: head.hash.toString('hex'),
    signed_at: new Date().toISOString(),
  };
  await su.query(
    `INSERT INTO signed_checkpoints (seq, position, head_hash, signed_at, signature, public_key)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      unsigned.seq,
      unsigned.position,
      unsigned.head_hash,
      unsigned.signed_at,
      sign(null, Buffer.from(canonicalize(unsigned)!), privateKey).toString('base64'),
      publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    ],
  );
}
