import { createHash, randomInt } from 'node:crypto';
import { AGENT_KEY_LENGTH, generateAgentKey, hashAgentKey, keyHashesEqual, parseAgentKey } from './agent-key';
import { decodeBase62 } from './base62';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BODY = { start: 4, end: 4 + 43 };

/** Replaces one character after the prefix with a different alphanumeric one. */
function typo(key: string): string {
  const at = 4 + randomInt(key.length - 4);
  let replacement = key[at];
  while (replacement === key[at]) replacement = ALPHABET[randomInt(ALPHABET.length)];
  return key.slice(0, at) + replacement + key.slice(at + 1);
}

describe('agent keys', () => {
  it('have the klk_ prefix, a fixed length, a display prefix and a SHA-256 hash', () => {
    const { key, hash, prefix } = generateAgentKey();
    expect(key).toMatch(/^klk_[0-9A-Za-z]{49}$/);
    expect(key).toHaveLength(AGENT_KEY_LENGTH);
    expect(prefix).toBe(key.slice(0, 12));
    expect(hash).toBe(createHash('sha256').update(key).digest('hex'));
    expect(hashAgentKey(key)).toBe(hash);
    expect(parseAgentKey(key)).toEqual({ ok: true, hash });
  });

  it('carry 256 random bits in the body: every bit varies across keys', () => {
    const bodies = Array.from({ length: 300 }, () => {
      const value = decodeBase62(generateAgentKey().key.slice(BODY.start, BODY.end));
      expect(value).not.toBeNull();
      return value as bigint;
    });
    expect(new Set(bodies).size).toBe(bodies.length);
    // A fixed bit among 300 uniform keys is all-0 or all-1 with probability 2^-299.
    for (let bit = 0n; bit < 256n; bit++) {
      const ones = bodies.filter((v) => (v >> bit) & 1n).length;
      expect([bit, ones > 0 && ones < bodies.length]).toEqual([bit, true]);
    }
    expect(bodies.every((v) => v < 1n << 256n)).toBe(true);
  });

  it('reject every one-character typo with reason checksum', () => {
    for (let i = 0; i < 2000; i++) {
      const { key } = generateAgentKey();
      expect(parseAgentKey(typo(key))).toEqual({ ok: false, reason: 'checksum' });
    }
  });

  it('reject every adjacent transposition of distinct characters with reason checksum', () => {
    const { key } = generateAgentKey();
    for (let at = 4; at < key.length - 1; at++) {
      if (key[at] === key[at + 1]) continue;
      const swapped = key.slice(0, at) + key[at + 1] + key[at] + key.slice(at + 2);
      expect(parseAgentKey(swapped)).toEqual({ ok: false, reason: 'checksum' });
    }
  });

  it('reject truncated, padded, mis-prefixed or foreign-character keys as malformed', () => {
    const { key } = generateAgentKey();
    const candidates = [
      key.slice(0, -1),
      key.slice(0, 20),
      key + 'a',
      ` ${key}`,
      'klj_' + key.slice(4),
      'KLK_' + key.slice(4),
      key.slice(0, 10) + '-' + key.slice(11),
      '',
      'Bearer ' + key,
    ];
    for (const candidate of candidates)
      expect(parseAgentKey(candidate)).toEqual({ ok: false, reason: 'malformed' });
    expect(parseAgentKey(undefined as unknown as string)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('compare hashes correctly', () => {
    const a = generateAgentKey().hash;
    const b = generateAgentKey().hash;
    expect(keyHashesEqual(a, a)).toBe(true);
    expect(keyHashesEqual(a, String(a))).toBe(true);
    expect(keyHashesEqual(a, b)).toBe(false);
    expect(keyHashesEqual(a, a.slice(0, -1) + (a.endsWith('0') ? '1' : '0'))).toBe(false);
    expect(keyHashesEqual(a, a.slice(0, 62))).toBe(false);
    // Buffer.from(x, 'hex') stops at the first bad character; that must not make garbage "equal".
    expect(keyHashesEqual('zz', 'yy')).toBe(false);
    expect(keyHashesEqual('', '')).toBe(false);
  });
});
