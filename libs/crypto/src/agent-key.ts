import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { decodeBase62, encodeBase62 } from './base62';
import { crc32 } from './crc32';

/** Lets secret scanners (and people) recognise a leaked Keyledger key. */
export const AGENT_KEY_PREFIX = 'klk_';
const RANDOM_BYTES = 32;
/** 62^43 > 2^256, so 43 base62 digits hold 256 random bits at a fixed width. */
const BODY_CHARS = 43;
/** 62^6 > 2^32, so 6 digits hold a CRC-32. */
const CHECKSUM_CHARS = 6;
export const AGENT_KEY_LENGTH = AGENT_KEY_PREFIX.length + BODY_CHARS + CHECKSUM_CHARS;
const DISPLAY_PREFIX_CHARS = 12;
const SHAPE = new RegExp(`^${AGENT_KEY_PREFIX}[0-9A-Za-z]{${BODY_CHARS + CHECKSUM_CHARS}}$`);
const MAX_BODY = 1n << 256n;
const SHA256_HEX = /^[0-9a-f]{64}$/;

export interface GeneratedAgentKey {
  /** Shown to the admin exactly once, never stored. */
  key: string;
  /** Hex SHA-256 of `key`: what the database stores and looks up. */
  hash: string;
  /** Enough to recognise a key in an admin UI, far too little to use it. */
  prefix: string;
}

export type ParsedAgentKey = { ok: true; hash: string } | { ok: false; reason: 'malformed' | 'checksum' };

export function generateAgentKey(): GeneratedAgentKey {
  const body = encodeBase62(BigInt('0x' + randomBytes(RANDOM_BYTES).toString('hex')), BODY_CHARS);
  const key = AGENT_KEY_PREFIX + body + checksum(AGENT_KEY_PREFIX + body);
  return { key, hash: hashAgentKey(key), prefix: agentKeyDisplayPrefix(key) };
}

/**
 * Rejects typos and garbage before any database lookup. CRC-32 catches every single-character
 * substitution and every adjacent transposition; it is not a defence against forgery, the
 * hash lookup is.
 */
export function parseAgentKey(candidate: string): ParsedAgentKey {
  if (typeof candidate !== 'string' || candidate.length !== AGENT_KEY_LENGTH || !SHAPE.test(candidate)) {
    return { ok: false, reason: 'malformed' };
  }
  const signed = candidate.slice(0, -CHECKSUM_CHARS);
  if (checksum(signed) !== candidate.slice(-CHECKSUM_CHARS)) return { ok: false, reason: 'checksum' };
  // A body we could never have issued; reachable only by recomputing the checksum by hand.
  if ((decodeBase62(signed.slice(AGENT_KEY_PREFIX.length)) ?? MAX_BODY) >= MAX_BODY) {
    return { ok: false, reason: 'malformed' };
  }
  return { ok: true, hash: hashAgentKey(candidate) };
}

export function hashAgentKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function agentKeyDisplayPrefix(key: string): string {
  return key.slice(0, DISPLAY_PREFIX_CHARS);
}

/** Constant-time comparison of two hex SHA-256 hashes; anything else compares unequal. */
export function keyHashesEqual(a: string, b: string): boolean {
  if (typeof a !== 'string' || typeof b !== 'string' || !SHA256_HEX.test(a) || !SHA256_HEX.test(b))
    return false;
  return timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));
}

function checksum(signed: string): string {
  return encodeBase62(BigInt(crc32(Buffer.from(signed, 'utf8'))), CHECKSUM_CHARS);
}
