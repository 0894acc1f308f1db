import { createHmac, hkdfSync, KeyObject } from 'node:crypto';
import { KEK_BYTES, KeyRing } from './key-ring';

const FINGERPRINT_INFO = 'keyledger fingerprint';
/** 64 bits: ample to tell versions apart, short enough to read in an audit trail. */
const FINGERPRINT_HEX_CHARS = 16;

/**
 * A keyed fingerprint of a secret, safe to put in events: without the master key it cannot be
 * checked against guesses, which a plain hash of a low-entropy secret could. The key is
 * derived from the current KEK, so fingerprints are comparable only within one master-key
 * generation.
 */
export function fingerprint(ringOrKey: KeyRing | Buffer | KeyObject, plaintext: string): string {
  const hmacKey = Buffer.from(hkdfSync('sha256', kekOf(ringOrKey), Buffer.alloc(0), FINGERPRINT_INFO, 32));
  try {
    return createHmac('sha256', hmacKey)
      .update(plaintext, 'utf8')
      .digest('hex')
      .slice(0, FINGERPRINT_HEX_CHARS);
  } finally {
    hmacKey.fill(0);
  }
}

function kekOf(ringOrKey: KeyRing | Buffer | KeyObject): KeyObject | Buffer {
  if (ringOrKey instanceof KeyRing) return ringOrKey.current.key;
  const length = Buffer.isBuffer(ringOrKey) ? ringOrKey.length : ringOrKey.symmetricKeySize;
  if (length !== KEK_BYTES) throw new TypeError('fingerprint key must be a 32-byte master key');
  return ringOrKey;
}
