import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { KeyRingError } from './errors';
import { KeyRing } from './key-ring';

const key = () => randomBytes(32);
const b64 = (k: Buffer) => k.toString('base64');

describe('KeyRing', () => {
  it('makes the highest version current, whatever the order given', () => {
    const ring = new KeyRing([
      { version: 1, key: key() },
      { version: 7, key: key() },
      { version: 3, key: key() },
    ]);
    expect(ring.currentVersion).toBe(7);
    expect(ring.versions).toEqual([7, 3, 1]);
  });

  it('rejects an empty ring, short or long keys, bad versions, duplicate versions and duplicate keys', () => {
    const k = key();
    expect(() => new KeyRing([])).toThrow(KeyRingError);
    expect(() => new KeyRing([{ version: 1, key: randomBytes(31) }])).toThrow(/exactly 32 bytes/);
    expect(() => new KeyRing([{ version: 1, key: randomBytes(33) }])).toThrow(/exactly 32 bytes/);
    expect(() => new KeyRing([{ version: 0, key: k }])).toThrow(/positive integer/);
    expect(() => new KeyRing([{ version: 1.5, key: k }])).toThrow(/positive integer/);
    expect(
      () =>
        new KeyRing([
          { version: 2, key: k },
          { version: 2, key: key() },
        ]),
    ).toThrow(/version 2 more than once/);
    expect(
      () =>
        new KeyRing([
          { version: 2, key: k },
          { version: 1, key: Buffer.from(k) },
        ]),
    ).toThrow(/same key/);
  });

  it('copies keys, so a caller wiping its buffer does not wipe the ring', () => {
    const k = key();
    const ring = new KeyRing([{ version: 1, key: k }]);
    const expected = Buffer.from(k);
    k.fill(0);
    expect(ring.current.key.export()).toEqual(expected);
  });

  it('never prints key bytes when logged or serialised', () => {
    const k = key();
    const ring = new KeyRing([{ version: 4, key: k }]);
    for (const shown of [
      inspect(ring, { depth: 10, showHidden: true }),
      JSON.stringify(ring),
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- the point is what String() shows
      String(ring),
    ]) {
      expect(shown).not.toContain(b64(k));
      expect(shown).not.toContain(k.toString('hex'));
    }
    expect(inspect(ring)).toBe('KeyRing { versions: [4] }');
  });

  describe('fromBase64List', () => {
    it('numbers positional entries so index 0 is newest', () => {
      const [a, b, c] = [key(), key(), key()];
      const ring = KeyRing.fromBase64List([b64(a), b64(b), b64(c)]);
      expect(ring.versions).toEqual([3, 2, 1]);
      expect(ring.current.key.export()).toEqual(a);
      expect(ring.get(1)?.export()).toEqual(c);
    });

    it('accepts explicit "<version>:<base64>" entries, newest first', () => {
      const [a, b] = [key(), key()];
      const ring = KeyRing.fromBase64List([`12:${b64(a)}`, ` 5:${b64(b)} `]);
      expect(ring.versions).toEqual([12, 5]);
      expect(ring.get(12)?.export()).toEqual(a);
    });

    it('rejects mixed forms, ascending explicit versions, bad base64 and wrong lengths without echoing keys', () => {
      const [a, b] = [key(), key()];
      expect(() => KeyRing.fromBase64List([])).toThrow(/empty/);
      expect(() => KeyRing.fromBase64List([`2:${b64(a)}`, b64(b)])).toThrow(/mixes/);
      expect(() => KeyRing.fromBase64List([`1:${b64(a)}`, `2:${b64(b)}`])).toThrow(
        /newest \(highest\) first/,
      );
      expect(() => KeyRing.fromBase64List([`0:${b64(a)}`])).toThrow(/positive integer/);
      const short = randomBytes(16).toString('base64');
      expect(() => KeyRing.fromBase64List([short])).toThrow(/exactly 32 bytes, got 16/);
      const bad = `${b64(a).slice(0, 10)}!${b64(a).slice(11)}`;
      try {
        KeyRing.fromBase64List([b64(b), bad]);
        throw new Error('expected a KeyRingError');
      } catch (error) {
        expect(error).toBeInstanceOf(KeyRingError);
        expect((error as Error).message).toMatch(/entry 1: not valid base64/);
        expect((error as Error).message).not.toContain(bad);
      }
    });
  });

  it('fromNewestFirst matches the configuration shape (Buffer[], newest first)', () => {
    const [a, b] = [key(), key()];
    const ring = KeyRing.fromNewestFirst([a, b]);
    expect(ring.versions).toEqual([2, 1]);
    expect(ring.current.key.export()).toEqual(a);
  });

  it('candidates() tries the stated version first, then the rest newest first', () => {
    const ring = new KeyRing([1, 2, 3].map((version) => ({ version, key: key() })));
    expect(ring.candidates(2).map((k) => k.version)).toEqual([2, 3, 1]);
    expect(ring.candidates(9).map((k) => k.version)).toEqual([3, 2, 1]);
  });
});
