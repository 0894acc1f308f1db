import { ConfigError } from './errors';

/** One external OIDC issuer whose tokens sign members in (issue 5). */
export interface OidcConfig {
  issuer: string;
  audience: string;
  jwksUri: string;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function checkUrl(variable: string, value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(variable, `is not a URL: "${value}"`);
  }
  // Keys fetched over plain HTTP could be swapped in transit; loopback is for tests and sidecars.
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    throw new ConfigError(variable, 'must be an https:// URL (http:// only on localhost)');
  }
}

/**
 * Part of loadConfig: read and validated once at start-up; an error names its variable.
 * Unset issuer: OIDC off.
 */
export function loadOidcConfig(env: NodeJS.ProcessEnv): OidcConfig | null {
  const issuer = env.KEYLEDGER_OIDC_ISSUER?.trim() ?? '';
  const audience = env.KEYLEDGER_OIDC_AUDIENCE?.trim() ?? '';
  const jwks = env.KEYLEDGER_OIDC_JWKS_URI?.trim() ?? '';
  if (!issuer) {
    if (audience || jwks) {
      throw new ConfigError(
        'KEYLEDGER_OIDC_ISSUER',
        'is required when KEYLEDGER_OIDC_AUDIENCE or KEYLEDGER_OIDC_JWKS_URI is set',
      );
    }
    return null;
  }
  checkUrl('KEYLEDGER_OIDC_ISSUER', issuer);
  if (!audience) {
    throw new ConfigError(
      'KEYLEDGER_OIDC_AUDIENCE',
      'is required with KEYLEDGER_OIDC_ISSUER: without it, tokens the issuer mints for any other ' +
        'application would sign in here',
    );
  }
  const jwksUri = jwks || `${issuer.replace(/\/+$/, '')}/.well-known/jwks.json`;
  checkUrl('KEYLEDGER_OIDC_JWKS_URI', jwksUri);
  return { issuer, audience, jwksUri };
}
