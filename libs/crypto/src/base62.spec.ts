import { randomBytes } from 'node:crypto';
import { decodeBase62, encodeBase62 } from './base62';

describe('base62', () => {
  it('round-trips at a fixed width, padding with zeros', () => {
    expect(encodeBase62(0n, 3)).toBe('000');
    expect(encodeBase62(61n, 2)).toBe('0z');
    expect(encodeBase62(62n, 2)).toBe('10');
    for (let i = 0; i < 100; i++) {
      const value = BigInt('0x' + randomBytes(32).toString('hex'));
      const text = encodeBase62(value, 43);
      expect(text).toHaveLength(43);
      expect(decodeBase62(text)).toBe(value);
    }
  });

  it('fits 2^256 - 1 in 43 digits and refuses what does not fit', () => {
    expect(encodeBase62((1n << 256n) - 1n, 43)).toHaveLength(43);
    expect(() => encodeBase62(62n ** 3n, 3)).toThrow(RangeError);
    expect(() => encodeBase62(-1n, 3)).toThrow(RangeError);
  });

  it('rejects characters outside the alphabet', () => {
    expect(decodeBase62('ab-c')).toBeNull();
    expect(decodeBase62('ab c')).toBeNull();
  });
});
