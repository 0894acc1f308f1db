import { createPrivateKey, createPublicKey, KeyObject, sign, verify } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { Database } from '../../database/src/database';
import type { Sealer } from './sealer';

/** What an auditor keeps: a signed statement of the chain's head at a moment. */
export interface SignedCheckpoint {
  seq: string;
  position: string;
  head_hash: string;
  signed_at: string;
  signature: string;
  public_key: string;
}

function payload(c: Pick<SignedCheckpoint, 'seq' | 'position' | 'head_hash' | 'signed_at'>): Buffer {
  return Buffer.from(
    canonicalize({ seq: c.seq, position: c.position, head_hash: c.head_hash, signed_at: c.signed_at }) ?? '',
  );
}

/** Checks an Ed25519 checkpoint signature against the public key it carries (or `trusted`). */
export function checkpointSignatureValid(c: SignedCheckpoint, trusted?: string): boolean {
  try {
    const key = createPublicKey({
      key: Buffer.from(trusted ?? c.public_key, 'base64'),
      format: 'der',
      type: 'spki',
    });
    return verify(null, payload(c), key, Buffer.from(c.signature, 'base64'));
  } catch {
    return false;
  }
}

/**
 * Signs the sealed head with Ed25519 so auditors can hold the service to a head they saw:
 * a log that no longer extends a signed checkpoint has lost or changed events.
 */
export class CheckpointSigner {
  private readonly privateKey: KeyObject;
  readonly publicKey: string;

  constructor(
    private readonly db: Database,
    private readonly sealer: Sealer,
    privateKeyPem: string,
  ) {
    this.privateKey = createPrivateKey(privateKeyPem);
    if (this.privateKey.asymmetricKeyType !== 'ed25519') {
      throw new Error('KEYLEDGER_SIGNING_KEY: must be an Ed25519 private key in PEM');
    }
    this.publicKey = createPublicKey(this.privateKey)
      .export({ format: 'der', type: 'spki' })
      .toString('base64');
  }

  /** Seals what is committed, then signs the head; answers null for an empty log. */
  async signNow(): Promise<SignedCheckpoint | null> {
    await this.sealer.sealCommitted();
    const head = await this.sealer.head();
    if (!head) return null;
    const unsigned = {
      seq: head.seq.toString(),
      position: head.position.toString(),
      head_hash: head.hash.toString('hex'),
      signed_at: new Date().toISOString(),
    };
    const checkpoint: SignedCheckpoint = {
      ...unsigned,
      signature: sign(null, payload(unsigned), this.privateKey).toString('base64'),
      public_key: this.publicKey,
    };
    await this.db.query(
      `INSERT INTO signed_checkpoints (seq, position, head_hash, signed_at, signature, public_key)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        checkpoint.seq,
        checkpoint.position,
        checkpoint.head_hash,
        checkpoint.signed_at,
        checkpoint.signature,
        checkpoint.public_key,
      ],
    );
    return checkpoint;
  }

  async latest(): Promise<SignedCheckpoint | null> {
    return latestCheckpoint(this.db);
  }
}

export async function latestCheckpoint(db: Database): Promise<SignedCheckpoint | null> {
  const [row] = await db.query<SignedCheckpoint & { signed_at: Date }>(
    `SELECT seq::text AS seq, position::text AS position, head_hash, signed_at, signature, public_key
     FROM signed_checkpoints ORDER BY id DESC LIMIT 1`,
  );
  return row ? { ...row, signed_at: new Date(row.signed_at).toISOString() } : null;
}
