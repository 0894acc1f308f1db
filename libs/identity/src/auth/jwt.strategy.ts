import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { RUNTIME } from '../../../common/src/tokens';
import { Database } from '../../../database/src/database';
import type { Runtime } from '../../../common/src/runtime';
import { loadActiveMember } from './member-lookup';
import { JWT_AUDIENCE, JWT_ISSUER, type MemberPrincipal, type MemberTokenClaims } from './member-principal';

/** Member tokens: HS256 pinned, issuer and audience checked, expiry enforced by passport-jwt. */
@Injectable()
export class MemberJwtStrategy extends PassportStrategy(Strategy, 'member-jwt') {
  constructor(
    @Inject(RUNTIME) runtime: Runtime,
    @Inject(Database) private readonly db: Database,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: runtime.jwtSecret,
      algorithms: ['HS256'],
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      ignoreExpiration: false,
    });
  }

  async validate(claims: MemberTokenClaims): Promise<MemberPrincipal | false> {
    if (typeof claims.sub !== 'string' || typeof claims.org !== 'string') return false;
    return (await loadActiveMember(this.db, claims.sub, claims.org)) ?? false;
  }
}
