import { Inject, Injectable, Logger } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { passportJwtSecret } from 'jwks-rsa';
import { ExtractJwt, type SecretOrKeyProvider, Strategy } from 'passport-jwt';
import { type AuthenticatedRequest, contextOf } from '../../../common/src/http/request-context.decorator';
import { Database } from '../../../database/src/database';
import { EventStore } from '../../../event-store/src/event-store';
import type { MemberPrincipal } from '../auth/member-principal';
import type { OidcConfig } from '../../../config/src/config';
import { resolveOidcMember } from './oidc-members';

export const OIDC_CONFIG = Symbol('OidcConfig');

export interface OidcClaims {
  sub?: unknown;
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
 * checked, expiry enforced, keys from its JWKS. The email must be one the issuer verified
 * (`email_verified: true`, not merely absent), and the member is bound to the token's `sub`
 * at the first sign-in (oidc-members.ts), in the org its `org` claim names or their oldest.
 */
@Injectable()
export class MemberOidcStrategy extends PassportStrategy(Strategy, 'member-oidc') {
  private readonly logger = new Logger('oidc');

  constructor(
    @Inject(OIDC_CONFIG) private readonly oidc: OidcConfig | null,
    @Inject(Database) private readonly db: Database,
    @Inject(EventStore) private readonly store: EventStore,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKeyProvider: oidc ? keyProvider(oidc) : disabled,
      algorithms: ['RS256', 'ES256'],
      issuer: oidc?.issuer,
      audience: oidc?.audience,
      ignoreExpiration: false,
      passReqToCallback: true,
    });
  }

  async validate(request: AuthenticatedRequest, claims: OidcClaims): Promise<MemberPrincipal | false> {
    if (!this.oidc || typeof claims.email !== 'string') return false;
    if (typeof claims.sub !== 'string' || claims.sub.length === 0) return false;
    // jsonwebtoken only checks `exp` when present: a token that never expires is refused here.
    if (typeof claims.exp !== 'number') return false;
    // A missing claim is not a verified email: anyone may register any address at some issuers.
    if (claims.email_verified !== true) return false;
    const identity = {
      issuer: this.oidc.issuer,
      subject: claims.sub,
      email: claims.email,
      org: typeof claims.org === 'string' ? claims.org : null,
    };
    const found = await resolveOidcMember(this.db, this.store, identity, contextOf(request));
    if ('member' in found) return found.member;
    if (found.refused === 'subject-mismatch') {
      this.logger.warn(
        { member: found.memberId, issuer: identity.issuer, reqId: request.id },
        'OIDC token refused: its subject differs from the one this member is bound to',
      );
    }
    return false;
  }
}
