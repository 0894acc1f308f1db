import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import { canonical } from './canonical';

/** What an auditor keeps: a signed statement of the chain's head at a moment. */
export interface SignedCheckpoint {
  position: string;
  head_hash: string;
  signed_at: string;
  signature: string;
  public_key: string;
  /**
   * Only in checkpoints signed before docs/adr/0014 (payload version 1), whose signature
   * covers the installation-wide chain seq too. Newer ones leave it out: every org's auditor
   * is handed the checkpoint, and the seq counts every org's events.
   */
  seq?: string;
}

/** The bytes signed: RFC 8785 JSON of the head, in the version the checkpoint was signed in. */
export function signingPayload(
  c: Pick<SignedCheckpoint, 'position' | 'head_hash' | 'signed_at' | 'seq'>,
): Buffer {
  const v2 = { position: c.position, head_hash: c.head_hash, signed_at: c.signed_at };
  return Buffer.from(canonical(c.seq === undefined ? v2 : { seq: c.seq, ...v2 }));
}

/** An Ed25519 public key as DER SubjectPublicKeyInfo in base64 (as checkpoints carry it), from that or PEM. */
export function ed25519PublicKey(text: string): KeyObject {
  const trimmed = text.trim();
  const key = trimmed.startsWith('-----BEGIN')
    ? createPublicKey(trimmed)
    : createPublicKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 public key');
  return key;
}

export const spkiBase64 = (key: KeyObject) => key.export({ format: 'der', type: 'spki' }).toString('base64');

/** Checks a checkpoint's signature against `publicKey` (never against the key it carries). */
export function signatureValid(c: SignedCheckpoint, publicKey: KeyObject): boolean {
  try {
    return verify(null, signingPayload(c), publicKey, Buffer.from(c.signature, 'base64'));
  } catch {
    return false;
  }
}

/**
 * The keys whose checkpoints count: the service's signing key and the earlier ones the
 * operator keeps trusting after a rotation (`KEYLEDGER_SIGNING_KEY_HISTORY`). A checkpoint
 * row names a key, but a row is only data: anyone who can insert one can name their own.
 */
export class CheckpointTrust {
  private readonly keys: Map<string, KeyObject>;

  constructor(current: KeyObject | string, history: readonly string[] = []) {
    const all = [
      typeof current === 'string' ? ed25519PublicKey(current) : current,
      ...history.map(ed25519PublicKey),
    ];
    this.keys = new Map(all.map((key) => [spkiBase64(key), key]));
  }

  /** Base64 DER of every trusted key, the current one first. */
  get publicKeys(): string[] {
    return [...this.keys.keys()];
  }

  trusts(publicKey: string): boolean {
    return this.keys.has(publicKey);
  }

  /** Signed by a trusted key, and the key it names is that key. */
  valid(c: SignedCheckpoint): boolean {
    const key = this.keys.get(c.public_key);
    return key !== undefined && signatureValid(c, key);
  }
}
