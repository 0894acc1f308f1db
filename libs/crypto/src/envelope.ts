import { randomBytes } from 'node:crypto';
import { DecryptionError } from './errors';
import { IV_BYTES, open, seal, TAG_BYTES } from './gcm';
import { KeyRing } from './key-ring';
import { dataKeyAad, secretAad, SecretContext } from './secret-context';

const DATA_KEY_BYTES = 32;

/**
 * One encrypted secret version. The fields map one-to-one onto columns: the secret sealed by
 * its own data key (`ciphertext`, `iv`, `tag`), and that data key sealed by KEK `kekVersion`
 * (`wrappedKey`, `wrapIv`, `wrapTag`). Rotation rewrites only the second group.
 */
export interface EncryptedSecret {
  ciphertext: Buffer;
  iv: Buffer;
  tag: Buffer;
  wrappedKey: Buffer;
  wrapIv: Buffer;
  wrapTag: Buffer;
  kekVersion: number;
}

/** The same fields as stored: `secret_versions` and `webhook_endpoints` share these columns. */
export interface EnvelopeColumns {
  ciphertext: Buffer;
  iv: Buffer;
  tag: Buffer;
  wrapped_key: Buffer;
  wrap_iv: Buffer;
  wrap_tag: Buffer;
  kek_version: number;
}

export function fromColumns(row: EnvelopeColumns): EncryptedSecret {
  return {
    ciphertext: row.ciphertext,
    iv: row.iv,
    tag: row.tag,
    wrappedKey: row.wrapped_key,
    wrapIv: row.wrap_iv,
    wrapTag: row.wrap_tag,
    kekVersion: row.kek_version,
  };
}

export function encryptSecret(ring: KeyRing, plaintext: string, context: SecretContext): EncryptedSecret {
  const aad = secretAad(context);
  const dataKey = randomBytes(DATA_KEY_BYTES);
  try {
    const secret = seal(dataKey, Buffer.from(plaintext, 'utf8'), aad);
    return { ciphertext: secret.data, iv: secret.iv, tag: secret.tag, ...wrap(ring, dataKey, context) };
  } finally {
    dataKey.fill(0);
  }
}

export function decryptSecret(ring: KeyRing, record: EncryptedSecret, context: SecretContext): string {
  const aad = secretAad(context);
  checkShape(record);
  const dataKey = unwrap(ring, record, context);
  try {
    return open(dataKey, { data: record.ciphertext, iv: record.iv, tag: record.tag }, aad).toString('utf8');
  } catch {
    throw new DecryptionError(
      'decrypt',
      'secret ciphertext failed authentication: it was altered, or it belongs to another org, tool, version or scope',
    );
  } finally {
    dataKey.fill(0);
  }
}

/**
 * Master-key rotation: re-wraps the data key under the ring's current KEK. The ciphertext, IV
 * and tag are returned as they were, so the secret itself is never decrypted. It always
 * re-wraps, even when `kekVersion` already equals the current version, because positional
 * versions can be renumbered (see KeyRing.fromBase64List).
 */
export function rewrapDataKey(
  ring: KeyRing,
  record: EncryptedSecret,
  context: SecretContext,
): EncryptedSecret {
  checkShape(record);
  const dataKey = unwrap(ring, record, context);
  try {
    return { ...record, ...wrap(ring, dataKey, context) };
  } finally {
    dataKey.fill(0);
  }
}

type Wrapped = Pick<EncryptedSecret, 'wrappedKey' | 'wrapIv' | 'wrapTag' | 'kekVersion'>;

function wrap(ring: KeyRing, dataKey: Buffer, context: SecretContext): Wrapped {
  const kek = ring.current;
  const sealed = seal(kek.key, dataKey, dataKeyAad(context));
  return { wrappedKey: sealed.data, wrapIv: sealed.iv, wrapTag: sealed.tag, kekVersion: kek.version };
}

/**
 * The stored version is a hint, not the authority: the GCM tag is. Trying the other KEKs
 * costs one 32-byte decryption each and keeps records readable if versions were renumbered.
 */
function unwrap(ring: KeyRing, record: EncryptedSecret, context: SecretContext): Buffer {
  const aad = dataKeyAad(context);
  const sealed = { data: record.wrappedKey, iv: record.wrapIv, tag: record.wrapTag };
  for (const kek of ring.candidates(record.kekVersion)) {
    try {
      return open(kek.key, sealed, aad);
    } catch {
      // Wrong KEK or tampered input; the next candidate decides.
    }
  }
  throw new DecryptionError(
    'unwrap',
    `data key (stored under master key version ${record.kekVersion}) did not unwrap under any configured ` +
      `master key (versions ${ring.versions.join(', ')}): the key was retired too early, the record was ` +
      'altered, or it belongs to another org, tool, version or scope',
  );
}

function checkShape(record: EncryptedSecret): void {
  const fields: [string, unknown, number | null][] = [
    ['ciphertext', record.ciphertext, null],
    ['iv', record.iv, IV_BYTES],
    ['tag', record.tag, TAG_BYTES],
    ['wrappedKey', record.wrappedKey, DATA_KEY_BYTES],
    ['wrapIv', record.wrapIv, IV_BYTES],
    ['wrapTag', record.wrapTag, TAG_BYTES],
  ];
  for (const [name, value, length] of fields) {
    if (!Buffer.isBuffer(value) || (length !== null && value.length !== length)) {
      const expected = length === null ? 'a Buffer' : `${length} bytes`;
      throw new DecryptionError('malformed', `encrypted secret is malformed: ${name} must be ${expected}`);
    }
  }
}
