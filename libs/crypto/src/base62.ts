const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BASE = 62n;

/** Fixed-width base62 of a non-negative integer, left-padded with '0'. */
export function encodeBase62(value: bigint, width: number): string {
  if (value < 0n) throw new RangeError('base62: value must be non-negative');
  let out = '';
  let rest = value;
  while (rest > 0n) {
    out = ALPHABET[Number(rest % BASE)] + out;
    rest /= BASE;
  }
  if (out.length > width) throw new RangeError(`base62: value needs more than ${width} digits`);
  return out.padStart(width, '0');
}

/** Decodes base62; null when any character is outside the alphabet. */
export function decodeBase62(text: string): bigint | null {
  let value = 0n;
  for (const char of text) {
    const digit = ALPHABET.indexOf(char);
    if (digit < 0) return null;
    value = value * BASE + BigInt(digit);
  }
  return value;
}
