import { createCipheriv, createDecipheriv, KeyObject, randomBytes } from 'node:crypto';

export const IV_BYTES = 12;
export const TAG_BYTES = 16;

export interface Sealed {
  data: Buffer;
  iv: Buffer;
  tag: Buffer;
}

/** AES-256-GCM with a fresh random 96-bit IV: random IVs are safe far beyond our volumes. */
export function seal(key: KeyObject | Buffer, plaintext: Buffer, aad: Buffer): Sealed {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const data = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { data, iv, tag: cipher.getAuthTag() };
}

/**
 * Opens a sealed value or throws. The lengths are pinned because GCM would otherwise accept
 * truncated tags (easier forgeries) and IVs of any length.
 */
export function open(key: KeyObject | Buffer, sealed: Sealed, aad: Buffer): Buffer {
  if (sealed.iv.length !== IV_BYTES || sealed.tag.length !== TAG_BYTES)
    throw new Error('bad iv or tag length');
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.tag);
  const head = decipher.update(sealed.data);
  try {
    return Buffer.concat([head, decipher.final()]);
  } finally {
    // Unauthenticated output must not outlive a failed check.
    head.fill(0);
  }
}
