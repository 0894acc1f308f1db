import type { CredentialMode } from './catalog.events';

export const CREDENTIAL_STATUSES = ['missing', 'ok', 'expiring', 'needs_rotation', 'per_agent'] as const;
export type CredentialStatus = (typeof CREDENTIAL_STATUSES)[number];

/** DESIGN.md: the console warns 14 days ahead of the expiry, and after it asks for rotation. */
export const EXPIRY_WARNING_MS = 14 * 24 * 60 * 60 * 1000;

export function credentialStatus(
  tool: { credential_mode: CredentialMode; secret_version: number; credential_expires_at: Date | null },
  now: Date,
): CredentialStatus {
  if (tool.credential_mode === 'per_agent') return 'per_agent';
  if (tool.secret_version === 0) return 'missing';
  const expires = tool.credential_expires_at?.getTime();
  if (expires === undefined) return 'ok';
  if (now.getTime() >= expires) return 'needs_rotation';
  return expires - now.getTime() <= EXPIRY_WARNING_MS ? 'expiring' : 'ok';
}
