import { createHash, createHmac, createSecretKey, hkdfSync, randomBytes, randomUUID } from 'node:crypto';
import canonicalize from 'canonicalize';
import { canonicalParts, chainHash, GENESIS_HASH, type SealableRow } from './canonical';
import { LogMac, MAC_BYTES } from './log-mac';

const event = {
  event_id: randomUUID(),
  stream_id: 'access-g-1',
  org_id: 'org-1',
  type: 'CredentialVended',
  event_version: 1,
  data: { grant_id: 'g-1', agent_id: 'a-1', tool_id: 't-1', key_id: 'k-1' },
  metadata: { org_id: 'org-1', actor: { type: 'agent', id: 'a-1', name: 'Scout' }, ip: null },
};

describe('LogMac', () => {
  const [oldKey, newKey] = [randomBytes(32), randomBytes(32)];

  it('checks an event under the key that made it, and refuses any change', () => {
    const mac = new LogMac([oldKey]);
    const stamp = mac.eventMac(event);
    expect(stamp).toHaveLength(MAC_BYTES);
    expect(mac.eventMacCheck(event, stamp)).toBe('valid');
    expect(mac.eventMacCheck({ ...event, data: { ...event.data, key_id: 'k-2' } }, stamp)).toBe('invalid');
    expect(mac.eventMacCheck({ ...event, org_id: 'org-2' }, stamp)).toBe('invalid');
    expect(mac.eventMacCheck(event, null)).toBe('invalid');
  });

  it('leaves out what the database fills in, and only that', () => {
    const mac = new LogMac([oldKey]);
    const stamp = mac.eventMac(event);
    const stored = { ...event, data: { ...event.data, secret_version: 3 } };
    expect(mac.eventMacCheck(stored, stamp)).toBe('valid');
    const other = { ...event, type: 'CredentialDenied' };
    expect(
      mac.eventMacCheck({ ...other, data: { ...event.data, secret_version: 3 } }, mac.eventMac(other)),
    ).toBe('invalid');
  });

  it('checks rows of an older master key after a rotation, and knows a key it does not hold', () => {
    const before = new LogMac([oldKey]).eventMac(event);
    const rotated = new LogMac([newKey, oldKey]);
    expect(rotated.eventMacCheck(event, before)).toBe('valid');
    expect(new LogMac([newKey]).eventMacCheck(event, before)).toBe('unknown-key');
    expect(new LogMac([oldKey]).eventMacCheck(event, rotated.eventMac(event))).toBe('unknown-key');
  });

  it('keeps purposes apart: an event MAC is no seal MAC', () => {
    const mac = new LogMac([oldKey]);
    expect(mac.stateMacValid('{}', mac.stateMac('{}'))).toBe(true);
    expect(mac.stateMacValid('{}', mac.eventMac(event))).toBe(false);
  });

  it('hides its keys from logs', () => {
    expect(JSON.stringify(new LogMac([oldKey]))).toBe('{"keys":1}');
  });
});

describe('chainHash', () => {
  it('is SHA-256 over the predecessor and the RFC 8785 JSON of the whole row', () => {
    const row: SealableRow = {
      ...event,
      position: '42',
      transaction_id: '1234',
      stream_version: 7,
      data: { b: [1, 2.5, 'ü'], a: { y: null, x: true } },
      occurred_at: '2026-12-01T10:00:00.123456Z',
    };
    const whole = createHash('sha256').update(GENESIS_HASH).update(canonicalize(row)!).digest();
    expect(chainHash(GENESIS_HASH, row)).toEqual(whole);
    expect(chainHash(GENESIS_HASH, row, canonicalParts(row))).toEqual(whole);
  });
});

describe('the MACed texts', () => {
  it('are the RFC 8785 JSON of what they bind', () => {
    // Same bytes as canonicalizing the object: a MAC made from the object must check.
    const key = randomBytes(32);
    const text = canonicalize({
      data: event.data,
      event_id: event.event_id,
      event_version: 1,
      metadata: event.metadata,
      org_id: 'org-1',
      stream_id: event.stream_id,
      type: 'CredentialDenied',
    })!;
    const hmac = createHmac(
      'sha256',
      createSecretKey(Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'keyledger event mac v1', 32))),
    );
    const stamp = new LogMac([key]).eventMac({ ...event, type: 'CredentialDenied' });
    expect(stamp.subarray(4)).toEqual(hmac.update(text).digest());
  });
});
