import * as zlib from 'node:zlib';

/** CRC-32 (IEEE), as zlib computes it; used as a typo check, never for integrity. */
export type Crc32 = (data: Buffer) => number;

let table: Uint32Array | undefined;

/** Portable fallback for runtimes without zlib.crc32 (added in Node 20.15 and 22.2). */
export function tableCrc32(data: Buffer): number {
  table ??= buildTable();
  let crc = 0xffffffff;
  for (const byte of data) crc = table[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function buildTable(): Uint32Array {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
}

const native = (zlib as { crc32?: (data: Buffer) => number }).crc32;

export const crc32: Crc32 = typeof native === 'function' ? (data) => native(data) : tableCrc32;
