/**
 * A configured key ring is unusable. Messages name the entry and never echo it, because the
 * entry is key material that would otherwise end up in start-up logs.
 */
export class KeyRingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyRingError';
  }
}

export type DecryptionFailure = 'malformed' | 'unwrap' | 'decrypt';

/**
 * A stored secret could not be opened. Deliberately carries no `cause`: the message is all a
 * caller may log, and it never holds plaintext, key bytes or ciphertext.
 */
export class DecryptionError extends Error {
  constructor(
    readonly reason: DecryptionFailure,
    message: string,
  ) {
    super(message);
    this.name = 'DecryptionError';
  }
}
