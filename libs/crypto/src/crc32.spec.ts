import { randomBytes } from 'node:crypto';
import * as zlib from 'node:zlib';
import { crc32, tableCrc32 } from './crc32';

describe('crc32', () => {
  it('matches the standard check value', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(tableCrc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(tableCrc32(Buffer.alloc(0))).toBe(0);
  });

  it('the table fallback agrees with zlib on random input', () => {
    const native = (zlib as { crc32?: (data: Buffer) => number }).crc32;
    for (let i = 0; i < 200; i++) {
      const data = randomBytes(i);
      expect(tableCrc32(data)).toBe(crc32(data));
      if (native) expect(tableCrc32(data)).toBe(native(data));
    }
  });
});
