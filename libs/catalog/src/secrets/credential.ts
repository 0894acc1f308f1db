import type { Credential } from '../catalog.events';

/** How the plaintext was encoded, so a string that happens to look like JSON stays a string. */
export type CredentialFormat = 'text' | 'json';

export function encodeCredential(credential: Credential): { plaintext: string; format: CredentialFormat } {
  return typeof credential === 'string'
    ? { plaintext: credential, format: 'text' }
    : { plaintext: JSON.stringify(credential), format: 'json' };
}

export function decodeCredential(plaintext: string, format: CredentialFormat): Credential {
  return format === 'json' ? (JSON.parse(plaintext) as Record<string, string>) : plaintext;
}
