import { createPrivateKey, createPublicKey, KeyObject, sign } from 'node:crypto';
import type { Database } from '../../database/src/database';
import { GENESIS_HASH } from './canonical';
import { CheckpointTrust, type SignedCheckpoint, signingPayload, spkiBase64 } from './checkpoint-trust';
import type { LogMac } from './log-mac';
import { legacyLog, type Sealer, utcMicros } from './sealer';

export type { SignedCheckpoint } from './checkpoint-trust';

/** A stored checkpoint with what the auditor is not shown: the row id and the chain seq. */
export interface StoredCheckpoint extends SignedCheckpoint {
  id: string;
  chainSeq: string;
}

export const CHECKPOINT_COLUMNS = `c.id::text AS id, c.seq::text AS chain_seq, c.position::text AS position,
  c.head_hash, c.signed_at, c.signature, c.public_key, c.payload_version`;

export interface CheckpointRow {
  id: string;
  chain_seq: string;
  position: string;
  head_hash: string;
  signed_at: Date | string;
  signature: string;
  public_key: string;
  payload_version: number;
}

export function checkpointOf(row: CheckpointRow): StoredCheckpoint {
  const checkpoint: StoredCheckpoint = {
    id: row.id,
    chainSeq: row.chain_seq,
    position: row.position,
    head_hash: row.head_hash,
    signed_at: new Date(row.signed_at).toISOString(),
    signature: row.signature,
    public_key: row.public_key,
  };
  // Version 1 signed the seq too: only then is it part of what the auditor checks.
  if (row.payload_version === 1) checkpoint.seq = row.chain_seq;
  return checkpoint;
}

/** The chain between the last trusted checkpoint and the head does not check out. */
export class UnverifiedChainError extends Error {
  constructor(
    readonly position: string,
    reason: string,
    /** Not tampering as far as this instance can tell: a seal under a key it does not hold yet. */
    readonly keyNotHeld = false,
  ) {
    super(`not signing: at position ${position}, ${reason}`);
    this.name = 'UnverifiedChainError';
  }
}

/**
 * Signs the sealed head with Ed25519 so auditors can hold the service to a head they saw:
 * a log that no longer extends a signed checkpoint has lost or changed events. It signs only
 * a chain it has checked since its last trusted checkpoint (every seal linked and carrying the
 * sealer's MAC), so a seal a superuser slipped in is never signed over.
 */
export class CheckpointSigner {
  private readonly privateKey: KeyObject;
  readonly publicKey: string;
  /** This key and the earlier ones still trusted (`KEYLEDGER_SIGNING_KEY_HISTORY`). */
  readonly trust: CheckpointTrust;
  /**
   * The newest head this instance signed (its chain seq and position): a log that ends before
   * it was cut back, with the checkpoints that would have shown it (docs/adr/0014).
   */
  signedThrough: { seq: bigint; position: string } | null = null;

  constructor(
    private readonly db: Database,
    private readonly sealer: Sealer,
    privateKeyPem: string,
    private readonly mac: LogMac,
    history: readonly string[] = [],
  ) {
    this.privateKey = createPrivateKey(privateKeyPem);
    if (this.privateKey.asymmetricKeyType !== 'ed25519') {
      throw new Error('KEYLEDGER_SIGNING_KEY: must be an Ed25519 private key in PEM');
    }
    const publicKey = createPublicKey(this.privateKey);
    this.publicKey = spkiBase64(publicKey);
    this.trust = new CheckpointTrust(publicKey, history);
  }

  /** Seals what is committed, checks the chain since the last checkpoint, signs the head. */
  async signNow(): Promise<SignedCheckpoint | null> {
    await this.sealer.sealCommitted();
    return this.signHead(false);
  }

  /** The scheduled checkpoint: signs only when the head moved since the last one. */
  async signIfMoved(): Promise<SignedCheckpoint | null> {
    await this.sealer.sealAll();
    return this.signHead(true);
  }

  private async signHead(onlyIfMoved: boolean): Promise<SignedCheckpoint | null> {
    const head = await this.sealer.head();
    const mine = this.signedThrough;
    if (mine && (!head || head.seq < mine.seq)) {
      throw new UnverifiedChainError(mine.position, 'the log ends before a checkpoint this instance signed');
    }
    if (!head) return null;
    const last = await this.latest();
    if (mine && (!last || BigInt(last.chainSeq) < mine.seq)) {
      throw new UnverifiedChainError(mine.position, 'checkpoints this instance signed were removed');
    }
    if (onlyIfMoved && last && BigInt(last.chainSeq) === head.seq) return null;
    await this.checkChain(last, head.seq);
    const unsigned = {
      position: head.position.toString(),
      head_hash: head.hash.toString('hex'),
      signed_at: new Date().toISOString(),
    };
    const checkpoint: SignedCheckpoint = {
      ...unsigned,
      signature: sign(null, signingPayload(unsigned), this.privateKey).toString('base64'),
      public_key: this.publicKey,
    };
    await this.db.query(
      `INSERT INTO signed_checkpoints (seq, position, head_hash, signed_at, signature, public_key, payload_version)
       VALUES ($1, $2, $3, $4, $5, $6, 2)`,
      [
        head.seq.toString(),
        checkpoint.position,
        checkpoint.head_hash,
        checkpoint.signed_at,
        checkpoint.signature,
        checkpoint.public_key,
      ],
    );
    this.signedThrough = { seq: head.seq, position: checkpoint.position };
    return checkpoint;
  }

  /**
   * Every seal after `from` up to `through` links to its predecessor and carries the sealer's
   * MAC (or predates the MACs), and `from` still has the hash it was signed with.
   */
  private async checkChain(from: StoredCheckpoint | null, through: bigint): Promise<void> {
    const legacy = await legacyLog(this.db);
    let seq = from ? BigInt(from.chainSeq) : 0n;
    let prev: Buffer = from ? Buffer.from(from.head_hash, 'hex') : GENESIS_HASH;
    if (from) {
      const [anchor] = await this.db.query<{ hash: Buffer }>('SELECT hash FROM event_seals WHERE seq = $1', [
        from.chainSeq,
      ]);
      if (!anchor?.hash.equals(prev)) {
        throw new UnverifiedChainError(
          from.position,
          'the chain no longer reaches the last signed checkpoint',
        );
      }
    }
    while (seq < through) {
      const seals = await this.db.query<{
        seq: string;
        position: string;
        transaction_id: string;
        prev_hash: Buffer;
        hash: Buffer;
        mac: Buffer | null;
        sealed_at: string;
      }>(
        `SELECT seq::text AS seq, position::text AS position, transaction_id::text AS transaction_id,
                prev_hash, hash, mac, ${utcMicros('sealed_at')} AS sealed_at
         FROM event_seals s WHERE s.seq > $1 AND s.seq <= $2 ORDER BY s.seq LIMIT 5000`, // s.seq: not the text alias
        [seq.toString(), through.toString()],
      );
      if (seals.length === 0) break;
      for (const s of seals) {
        if (BigInt(s.seq) !== seq + 1n || !s.prev_hash.equals(prev)) {
          throw new UnverifiedChainError(s.position, 'the chain is cut or relinked');
        }
        const check = BigInt(s.seq) > legacy.sealSeq ? this.mac.sealMacCheck(s, s.mac) : 'valid';
        if (check === 'unknown-key') {
          throw new UnverifiedChainError(
            s.position,
            'a seal is MACed under a key this instance does not hold',
            true,
          );
        }
        if (check === 'invalid')
          throw new UnverifiedChainError(s.position, 'a seal was not written by this service');
        seq = BigInt(s.seq);
        prev = s.hash;
      }
    }
  }

  /** The newest checkpoint signed by a key this service trusts (a forged row is passed over). */
  async latest(): Promise<StoredCheckpoint | null> {
    return latestTrustedCheckpoint(this.db, this.trust);
  }
}

export async function latestTrustedCheckpoint(
  db: Database,
  trust: CheckpointTrust,
): Promise<StoredCheckpoint | null> {
  const rows = await db.query<CheckpointRow>(
    `SELECT ${CHECKPOINT_COLUMNS} FROM signed_checkpoints c
     WHERE c.public_key = ANY($1::text[]) ORDER BY c.seq DESC, c.id DESC LIMIT 20`,
    [trust.publicKeys],
  );
  for (const row of rows) {
    const checkpoint = checkpointOf(row);
    if (trust.valid(checkpoint)) return checkpoint;
  }
  return null;
}
