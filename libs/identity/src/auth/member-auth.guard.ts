import { type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { defineAbilityFor } from '../../../authz/src/ability.factory';
import { DomainError } from '../../../common/src/domain-error';
import { CONFIG } from '../../../common/src/tokens';
import type { KeyledgerConfig } from '../../../config/src/config';
import { isDatabaseUnavailable } from '../../../database/src/unavailable';
import type { MemberPrincipal, MemberRequest } from './member-principal';

/**
 * Authenticates a member token — Keyledger's own (HS256) or one from the configured OIDC
 * issuer, tried in that order — and builds the caller's ability once per request (JesusFilm
 * wiring): guards and record-level checks read `request.ability`.
 */
@Injectable()
export class MemberAuthGuard extends AuthGuard(['member-jwt', 'member-oidc']) {
  constructor(@Inject(CONFIG) private readonly config: Pick<KeyledgerConfig, 'orgCreation'>) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    await super.canActivate(context);
    const request = context.switchToHttp().getRequest<MemberRequest>();
    const member = request.user as MemberPrincipal;
    request.member = member;
    request.orgId = member.orgId;
    request.actor = { type: 'member', id: member.id, name: member.displayName };
    request.ability = defineAbilityFor({
      id: member.id,
      role: member.role,
      toolScope: member.toolScope,
      orgCreation: this.config.orgCreation,
    });
    return true;
  }

  override handleRequest<T>(error: unknown, user: T | false): T {
    // The token may be fine: the member could not be looked up (503, not a sign-out).
    if (isDatabaseUnavailable(error)) throw error;
    if (error || !user) {
      throw new DomainError(
        'unauthenticated',
        'unauthenticated',
        'a valid member token is required: sign in with POST /api/auth/login (or through the configured ' +
          'OIDC issuer) and send it as a Bearer token',
      );
    }
    return user;
  }
}
