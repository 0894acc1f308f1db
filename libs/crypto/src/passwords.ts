import { Algorithm, hash, parseOptions, verify, Version } from '@node-rs/argon2';

/**
 * OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): affordable on a 2-core server.
 * @node-rs/argon2 ships a prebuilt binary per platform as an optional dependency, so
 * installing it never compiles (the `argon2` package it replaced did when its prebuilt
 * binary did not load). Both write and read the same PHC strings.
 */
export const PASSWORD_HASH_OPTIONS = {
  algorithm: Algorithm.Argon2id,
  version: Version.V0x13,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
  outputLen: 32,
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
  return hash(plain, PASSWORD_HASH_OPTIONS);
}

/** False for a wrong password and for a hash that is not argon2 at all: login must not 500. */
export async function verifyPassword(hashed: string, plain: string): Promise<boolean> {
  if (typeof hashed !== 'string' || typeof plain !== 'string') return false;
  try {
    return await verify(hashed, plain);
  } catch {
    return false;
  }
}

/** True when a stored hash predates the current parameters; re-hash it after a good login. */
export function passwordNeedsRehash(hashed: string): boolean {
  if (typeof hashed !== 'string' || !hashed.startsWith('$argon2id$')) return true;
  try {
    const stored = parseOptions(hashed);
    return (
      stored.algorithm !== PASSWORD_HASH_OPTIONS.algorithm ||
      stored.version !== PASSWORD_HASH_OPTIONS.version ||
      stored.memoryCost !== PASSWORD_HASH_OPTIONS.memoryCost ||
      stored.timeCost !== PASSWORD_HASH_OPTIONS.timeCost ||
      stored.parallelism !== PASSWORD_HASH_OPTIONS.parallelism ||
      stored.outputLen !== PASSWORD_HASH_OPTIONS.outputLen
    );
  } catch {
    return true;
  }
}
