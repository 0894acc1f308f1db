import { randomBytes } from 'node:crypto';
import { decryptSecret, EncryptedSecret, encryptSecret, rewrapDataKey } from './envelope';
import { DecryptionError } from './errors';
import { KeyRing } from './key-ring';
import { SecretContext } from './secret-context';

const PLAINTEXT = 'sk_live_51Hx-very-secret-Ω-value';
const context: SecretContext = { orgId: 'org-1', toolId: 'tool-1', version: 3 };
const ringOf = (...versions: number[]) =>
  new KeyRing(versions.map((version) => ({ version, key: randomBytes(32) })));

/** Asserts a DecryptionError whose message leaks neither the plaintext nor any key bytes. */
function expectDecryptionError(fn: () => unknown, reason?: DecryptionError['reason']): DecryptionError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DecryptionError);
  const error = caught as DecryptionError;
  if (reason) expect(error.reason).toBe(reason);
  expect(error.message).not.toContain(PLAINTEXT);
  expect(error.message).not.toContain('very-secret');
  expect(error.cause).toBeUndefined();
  return error;
}

function flipBit(buffer: Buffer, bit: number): Buffer {
  const copy = Buffer.from(buffer);
  copy[bit >> 3] ^= 1 << (bit & 7);
  return copy;
}

describe('envelope encryption', () => {
  const ring = ringOf(1, 2);

  it('round-trips, including unicode and the empty string', () => {
    for (const text of [PLAINTEXT, '', 'x'.repeat(10_000)]) {
      expect(decryptSecret(ring, encryptSecret(ring, text, context), context)).toBe(text);
    }
  });

  it('writes the shape it documents, under the current KEK', () => {
    const record = encryptSecret(ring, PLAINTEXT, context);
    expect(record.iv).toHaveLength(12);
    expect(record.tag).toHaveLength(16);
    expect(record.wrapIv).toHaveLength(12);
    expect(record.wrapTag).toHaveLength(16);
    expect(record.wrappedKey).toHaveLength(32);
    expect(record.ciphertext).toHaveLength(Buffer.byteLength(PLAINTEXT));
    expect(record.kekVersion).toBe(2);
    expect(record.ciphertext.toString('utf8')).not.toContain('secret');
  });

  it('uses a fresh data key and fresh IVs every time', () => {
    const records = Array.from({ length: 50 }, () => encryptSecret(ring, PLAINTEXT, context));
    for (const field of ['ciphertext', 'iv', 'wrappedKey', 'wrapIv'] as const) {
      expect(new Set(records.map((r) => r[field].toString('hex'))).size).toBe(records.length);
    }
  });

  describe('tampering', () => {
    const record = encryptSecret(ring, PLAINTEXT, context);
    const fields = ['ciphertext', 'tag', 'iv', 'wrappedKey', 'wrapTag', 'wrapIv'] as const;

    it.each(fields)('one flipped bit anywhere in %s fails cleanly', (field) => {
      for (let bit = 0; bit < record[field].length * 8; bit++) {
        const tampered: EncryptedSecret = { ...record, [field]: flipBit(record[field], bit) };
        expectDecryptionError(() => decryptSecret(ring, tampered, context));
      }
    });

    it('reports which layer failed', () => {
      expectDecryptionError(
        () => decryptSecret(ring, { ...record, tag: flipBit(record.tag, 0) }, context),
        'decrypt',
      );
      expectDecryptionError(
        () => decryptSecret(ring, { ...record, wrappedKey: flipBit(record.wrappedKey, 0) }, context),
        'unwrap',
      );
    });

    it('rejects truncated tags and IVs as malformed rather than trusting a shorter tag', () => {
      expectDecryptionError(
        () => decryptSecret(ring, { ...record, tag: record.tag.subarray(0, 12) }, context),
        'malformed',
      );
      expectDecryptionError(
        () => decryptSecret(ring, { ...record, iv: Buffer.alloc(16) }, context),
        'malformed',
      );
      expectDecryptionError(
        () => decryptSecret(ring, { ...record, wrapTag: Buffer.alloc(0) }, context),
        'malformed',
      );
    });

    it('decrypts the untampered record (the tests above are not vacuous)', () => {
      expect(decryptSecret(ring, record, context)).toBe(PLAINTEXT);
    });
  });

  describe('additional authenticated data', () => {
    const record = encryptSecret(ring, PLAINTEXT, context);
    const elsewhere: [string, SecretContext][] = [
      ['another org', { ...context, orgId: 'org-2' }],
      ['another tool', { ...context, toolId: 'tool-2' }],
      ['another version', { ...context, version: 4 }],
      ['a scope it was not written for', { ...context, scope: 'agent-1' }],
    ];

    it.each(elsewhere)('a whole record moved to %s fails', (_, other) => {
      expectDecryptionError(() => decryptSecret(ring, record, other), 'unwrap');
    });

    it('a ciphertext swapped into another row (with that row’s data key) fails', () => {
      const otherContext = { ...context, toolId: 'tool-2' };
      const other = encryptSecret(ring, 'other tool secret', otherContext);
      const swapped = { ...other, ciphertext: record.ciphertext, iv: record.iv, tag: record.tag };
      expectDecryptionError(() => decryptSecret(ring, swapped, otherContext), 'decrypt');
    });

    it('binds the per-agent scope', () => {
      const scoped = { ...context, scope: 'agent-1' };
      const scopedRecord = encryptSecret(ring, PLAINTEXT, scoped);
      expect(decryptSecret(ring, scopedRecord, scoped)).toBe(PLAINTEXT);
      expectDecryptionError(() => decryptSecret(ring, scopedRecord, { ...context, scope: 'agent-2' }));
      expectDecryptionError(() => decryptSecret(ring, scopedRecord, context));
      // Absent and null are the same "no scope".
      expect(decryptSecret(ring, record, { ...context, scope: null })).toBe(PLAINTEXT);
    });

    it('rejects an invalid context as a programming error', () => {
      expect(() => encryptSecret(ring, PLAINTEXT, { ...context, orgId: '' })).toThrow(TypeError);
      expect(() => encryptSecret(ring, PLAINTEXT, { ...context, version: -1 })).toThrow(TypeError);
      expect(() => encryptSecret(ring, PLAINTEXT, { ...context, scope: '' })).toThrow(TypeError);
    });
  });

  describe('master-key rotation', () => {
    it('re-wraps under the new KEK so a ring holding only the new KEK decrypts, ciphertext untouched', () => {
      const oldKey = randomBytes(32);
      const newKey = randomBytes(32);
      const before = encryptSecret(new KeyRing([{ version: 1, key: oldKey }]), PLAINTEXT, context);
      const snapshot = {
        ciphertext: Buffer.from(before.ciphertext),
        iv: Buffer.from(before.iv),
        tag: Buffer.from(before.tag),
      };

      const rotating = new KeyRing([
        { version: 2, key: newKey },
        { version: 1, key: oldKey },
      ]);
      const after = rewrapDataKey(rotating, before, context);

      expect(after.kekVersion).toBe(2);
      expect(after.ciphertext.equals(snapshot.ciphertext)).toBe(true);
      expect(after.iv.equals(snapshot.iv)).toBe(true);
      expect(after.tag.equals(snapshot.tag)).toBe(true);
      expect(after.wrappedKey.equals(before.wrappedKey)).toBe(false);
      expect(after.wrapIv.equals(before.wrapIv)).toBe(false);

      const newOnly = new KeyRing([{ version: 2, key: newKey }]);
      expect(decryptSecret(newOnly, after, context)).toBe(PLAINTEXT);
      expectDecryptionError(() => decryptSecret(newOnly, before, context), 'unwrap');
    });

    it('rewrap refuses a record from another context instead of laundering it', () => {
      const record = encryptSecret(ring, PLAINTEXT, context);
      expectDecryptionError(() => rewrapDataKey(ring, record, { ...context, version: 9 }), 'unwrap');
    });

    it('still opens records when positional versions were renumbered by dropping the oldest key', () => {
      const [newest, older] = [randomBytes(32), randomBytes(32)];
      const b64 = (k: Buffer) => k.toString('base64');
      const record = encryptSecret(KeyRing.fromBase64List([b64(newest), b64(older)]), PLAINTEXT, context);
      expect(record.kekVersion).toBe(2);
      const shrunk = KeyRing.fromBase64List([b64(newest)]);
      expect(shrunk.currentVersion).toBe(1);
      expect(decryptSecret(shrunk, record, context)).toBe(PLAINTEXT);
      expect(rewrapDataKey(shrunk, record, context).kekVersion).toBe(1);
    });
  });
});
