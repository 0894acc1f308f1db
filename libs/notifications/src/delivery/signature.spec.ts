import { signatureHeader, verifySignature } from './signature';

describe('webhook signatures', () => {
  const at = new Date('2030-01-01T00:00:00Z');
  const body = '{"id":"e1","type":"AccessRequested"}';

  it('signs "<t>.<body>" with HMAC-SHA256 and verifies it', () => {
    const header = signatureHeader('whsec_test', body, at);
    expect(header).toMatch(/^t=1893456000,v1=[0-9a-f]{64}$/);
    expect(verifySignature(header, body, 'whsec_test', { now: at })).toBe(true);
  });

  it('refuses another body, another secret, a forged digest and an old timestamp', () => {
    const header = signatureHeader('whsec_test', body, at);
    expect(verifySignature(header, body + ' ', 'whsec_test', { now: at })).toBe(false);
    expect(verifySignature(header, body, 'whsec_other', { now: at })).toBe(false);
    expect(
      verifySignature(header.replace(/v1=[0-9a-f]+/, `v1=${'ab'.repeat(32)}`), body, 'whsec_test', {
        now: at,
      }),
    ).toBe(false);
    expect(verifySignature('t=1893456000', body, 'whsec_test', { now: at })).toBe(false);
    const later = new Date(at.getTime() + 301_000);
    expect(verifySignature(header, body, 'whsec_test', { now: later })).toBe(false);
  });
});
