import { createSecretKey, KeyObject } from 'node:crypto';
import { inspect } from 'node:util';
import { KeyRingError } from './errors';

export const KEK_BYTES = 32;

export interface KekEntry {
  version: number;
  key: Buffer;
}

export interface Kek {
  version: number;
  key: KeyObject;
}

// Standard or URL-safe alphabet; Buffer.from would silently skip anything else.
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
const EXPLICIT = /^(\d+):(.*)$/s;

/**
 * Versioned key-encryption keys. The highest version wraps new data keys; older versions stay
 * only so that records not yet re-wrapped can still be opened. Keys are held as KeyObjects so
 * that logging or serialising a ring cannot print key bytes.
 */
export class KeyRing {
  readonly #keks: readonly Kek[];

  constructor(entries: readonly KekEntry[]) {
    if (entries.length === 0) throw new KeyRingError('key ring is empty: configure at least one master key');
    const seen = new Map<number, Buffer>();
    for (const [index, { version, key }] of entries.entries()) {
      if (!Number.isSafeInteger(version) || version < 1) {
        throw new KeyRingError(`key ring entry ${index}: version must be a positive integer, got ${version}`);
      }
      if (!Buffer.isBuffer(key) || key.length !== KEK_BYTES) {
        throw new KeyRingError(`key ring entry ${index} (version ${version}): key must be exactly 32 bytes`);
      }
      if (seen.has(version)) throw new KeyRingError(`key ring has version ${version} more than once`);
      for (const [other, otherKey] of seen) {
        // The same key under two versions would make "rotated" records still depend on it.
        if (otherKey.equals(key))
          throw new KeyRingError(`key ring versions ${other} and ${version} hold the same key`);
      }
      seen.set(version, key);
    }
    this.#keks = [...seen]
      .map(([version, key]) => ({ version, key: createSecretKey(Buffer.from(key)) }))
      .sort((a, b) => b.version - a.version);
  }

  /** Keys newest first, as in `KEYLEDGER_MASTER_KEY`; the newest gets version `keys.length`. */
  static fromNewestFirst(keys: readonly Buffer[]): KeyRing {
    return new KeyRing(keys.map((key, index) => ({ version: keys.length - index, key })));
  }

  /**
   * Parses base64 keys, newest first. Entries are either all positional (`<base64>`, numbered
   * so index 0 is highest) or all explicit (`<version>:<base64>`, strictly descending).
   * Positional numbers shift when the oldest key is dropped, so prefer explicit versions;
   * unwrapping treats the stored version as a hint for exactly that reason.
   */
  static fromBase64List(list: readonly string[]): KeyRing {
    if (list.length === 0) throw new KeyRingError('key ring is empty: configure at least one master key');
    const parsed = list.map((raw, index) => parseEntry(raw.trim(), index));
    const explicit = parsed.filter((p) => p.version !== null).length;
    if (explicit === 0) return KeyRing.fromNewestFirst(parsed.map((p) => p.key));
    if (explicit !== parsed.length) {
      throw new KeyRingError('key ring mixes "<version>:<base64>" and bare base64 entries; use one form');
    }
    const entries = parsed.map((p) => ({ version: p.version as number, key: p.key }));
    for (let i = 1; i < entries.length; i++) {
      // Descending order keeps "first entry wraps new keys" true for both forms.
      if (entries[i].version >= entries[i - 1].version) {
        throw new KeyRingError(`key ring entry ${i}: versions must be listed newest (highest) first`);
      }
    }
    return new KeyRing(entries);
  }

  get current(): Kek {
    return this.#keks[0];
  }

  get currentVersion(): number {
    return this.#keks[0].version;
  }

  /** Versions held, newest first. */
  get versions(): number[] {
    return this.#keks.map((k) => k.version);
  }

  get(version: number): KeyObject | undefined {
    return this.#keks.find((k) => k.version === version)?.key;
  }

  /** Every KEK, the one with `preferred` version first, then newest to oldest. */
  candidates(preferred: number): Kek[] {
    const first = this.#keks.filter((k) => k.version === preferred);
    return [...first, ...this.#keks.filter((k) => k.version !== preferred)];
  }

  toJSON(): { versions: number[] } {
    return { versions: this.versions };
  }

  [inspect.custom](): string {
    return `KeyRing { versions: [${this.versions.join(', ')}] }`;
  }
}

function parseEntry(raw: string, index: number): { version: number | null; key: Buffer } {
  const match = EXPLICIT.exec(raw);
  const version = match ? Number(match[1]) : null;
  const body = match ? match[2] : raw;
  if (!BASE64.test(body)) throw new KeyRingError(`key ring entry ${index}: not valid base64`);
  const key = Buffer.from(body, 'base64');
  if (key.length !== KEK_BYTES) {
    throw new KeyRingError(`key ring entry ${index}: must decode to exactly 32 bytes, got ${key.length}`);
  }
  return { version, key };
}
