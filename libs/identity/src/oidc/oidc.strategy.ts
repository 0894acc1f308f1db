import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { passportJwtSecret } from 'jwks-rsa';
import { ExtractJwt, type SecretOrKeyProvider, Strategy } from 'passport-jwt';
import { Database } from '../../../database/src/database';
import { loadActiveMemberByEmail } from '../auth/member-lookup';
import type { MemberPrincipal } from '../auth/member-principal';
import type { OidcConfig } from '../../../config/src/config';

export const OIDC_CONFIG = Symbol('OidcConfig');

export interface OidcClaims {
  exp?: unknown;
  email?: unknown;
  email_verified?: unknown;
  /** Optional: the Keyledger org id to act in, for people in several orgs. */
  org?: unknown;
}

const disabled: SecretOrKeyProvider = (_request, _token, done) =>
  done(new Error('no OIDC issuer is configured'));

function keyProvider(config: OidcConfig): SecretOrKeyProvider {
  // Keys are cached; an unknown `kid` refetches at most 10 times a minute, so forged tokens
  // cannot turn this service into a flood against the issuer.
  return passportJwtSecret({
    jwksUri: config.jwksUri,
    cache: true,
    cacheMaxAge: 10 * 60_000,
    rateLimit: true,
    jwksRequestsPerMinute: 10,
    timeout: 5_000,
  }) as SecretOrKeyProvider;
}

/**
 * Tokens from the configured external issuer: RS256 or ES256 only, issuer and audience
 * checked, expiry enforced, keys from its JWKS. The person is found by the token's email (a
 * verified one, when the issuer says), in the org its `org` claim names or their oldest org.
 */
@Injectable()
export class MemberOidcStrategy extends PassportStrategy(Strategy, 'member-oidc') {
  constructor(
    @Inject(OIDC_CONFIG) private readonly oidc: OidcConfig | null,
    @Inject(Database) private readonly db: Database,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKeyProvider: oidc ? keyProvider(oidc) : disabled,
      algorithms: ['RS256', 'ES256'],
      issuer: oidc?.issuer,
      audience: oidc?.audience,
      ignoreExpiration: false,
    });
  }

  async validate(claims: OidcClaims): Promise<MemberPrincipal | false> {
    if (!this.oidc || typeof claims.email !== 'string') return false;
    // jsonwebtoken only checks `exp` when present: a token that never expires is refused here.
    if (typeof claims.exp !== 'number') return false;
    if (claims.email_verified === false || claims.email_verified === 'false') return false;
    const org = typeof claims.org === 'string' ? claims.org : null;
    return (await loadActiveMemberByEmail(this.db, claims.email, org)) ?? false;
  }
}
