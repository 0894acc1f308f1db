import * as argon2 from 'argon2';

/** OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): affordable on a 2-core server. */
export const PASSWORD_HASH_OPTIONS = {
  type: argon2.argon2id,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const;

/**
 * The hash of a random password nobody kept, with the same parameters as `hashPassword`, so a
 * login for an unknown email spends the same time verifying. A literal rather than computed
 * at start-up: nothing to wait for, and no slower first call to give the game away. A spec
 * fails if its parameters drift from PASSWORD_HASH_OPTIONS.
 */
export const DUMMY_PASSWORD_HASH =
  '$argon2id$v=19$m=19456,p=1,t=2$yHOYUFmDMTR92zRFPW2cwQ$iQFcWmmwV64F0OYfI6F/L38ADwnkXWHNhBby1mON4c8';

export function hashPassword(plain: string): Promise<string> {
  return argon2.hash(plain, PASSWORD_HASH_OPTIONS);
}

/** False for a wrong password and for a hash that is not argon2 at all: login must not 500. */
export async function verifyPassword(hash: string, plain: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, plain);
  } catch {
    return false;
  }
}

/** True when a stored hash predates the current parameters; re-hash it after a good login. */
export function passwordNeedsRehash(hash: string): boolean {
  try {
    return !hash.startsWith('$argon2id$') || argon2.needsRehash(hash, PASSWORD_HASH_OPTIONS);
  } catch {
    return true;
  }
}
