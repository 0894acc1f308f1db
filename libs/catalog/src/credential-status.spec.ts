import { credentialStatus } from './credential-status';

const NOW = new Date('2026-01-01T00:00:00Z');
const days = (n: number) => new Date(NOW.getTime() + n * 86_400_000);
const shared = (secret_version: number, credential_expires_at: Date | null = null) => ({
  credential_mode: 'shared' as const,
  secret_version,
  credential_expires_at,
});

describe('credential status', () => {
  it.each([
    ['missing', shared(0, days(100))],
    ['ok', shared(1)],
    ['ok', shared(2, days(15))],
    ['expiring', shared(2, days(14))],
    ['expiring', shared(2, days(0.5))],
    ['needs_rotation', shared(2, days(0))],
    ['needs_rotation', shared(2, days(-3))],
    ['per_agent', { ...shared(0, days(-3)), credential_mode: 'per_agent' as const }],
  ])('is %s for %o', (expected, tool) => {
    expect(credentialStatus(tool, NOW)).toBe(expected);
  });
});
