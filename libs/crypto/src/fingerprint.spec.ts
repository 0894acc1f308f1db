import { createHash, randomBytes } from 'node:crypto';
import { fingerprint } from './fingerprint';
import { KeyRing } from './key-ring';

describe('fingerprint', () => {
  const newKey = randomBytes(32);
  const ring = new KeyRing([
    { version: 2, key: newKey },
    { version: 1, key: randomBytes(32) },
  ]);

  it('is short hex, deterministic per key, and keyed by the current KEK', () => {
    const fp = fingerprint(ring, 'hunter2');
    expect(fp).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprint(ring, 'hunter2')).toBe(fp);
    expect(fingerprint(newKey, 'hunter2')).toBe(fp);
    expect(fingerprint(ring.current.key, 'hunter2')).toBe(fp);
    expect(fingerprint(randomBytes(32), 'hunter2')).not.toBe(fp);
  });

  it('tells values apart and is not a plain hash of the secret', () => {
    expect(fingerprint(ring, 'hunter2')).not.toBe(fingerprint(ring, 'hunter3'));
    expect(createHash('sha256').update('hunter2').digest('hex')).not.toContain(fingerprint(ring, 'hunter2'));
  });

  it('refuses a key that is not a 32-byte master key', () => {
    expect(() => fingerprint(randomBytes(16), 'x')).toThrow(/32-byte/);
  });
});
