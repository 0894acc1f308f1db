import { createHash } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { JwtService } from '@nestjs/jwt';
import type { KeyledgerConfig } from '../../../config/src/config';
import { DomainError } from '../../../common/src/domain-error';
import { type RequestContext, toMetadata } from '../../../common/src/request-context';
import { CONFIG } from '../../../common/src/tokens';
import { Database } from '../../../database/src/database';
import { EventStore } from '../../../event-store/src/event-store';
import { JWT_AUDIENCE, JWT_ISSUER, type MemberTokenClaims } from '../auth/member-principal';
import { memberStream } from '../identity.events';
import { LoginCommand } from './login.command';
import { matchPassword, type Membership, membershipsOf } from './login-credentials';
import type { LoginResponseDto } from './login.dto';

const WRONG = 'the email or password is not correct';

/** Both outcomes are events: a failed login is evidence, not noise. */
@CommandHandler(LoginCommand)
export class LoginHandler implements ICommandHandler<LoginCommand> {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(JwtService) private readonly jwt: JwtService,
    @Inject(CONFIG) private readonly config: KeyledgerConfig,
  ) {}

  async execute({ email: rawEmail, password, org, ctx }: LoginCommand): Promise<LoginResponseDto> {
    const email = rawEmail.trim().toLowerCase();
    const memberships = await membershipsOf(this.db, email);
    // A person in several orgs names one (id or name); otherwise the oldest membership the password opens.
    const candidates = org ? memberships.filter((m) => m.org_id === org || m.org_name === org) : memberships;
    const chosen = await matchPassword(candidates, password);
    if (!chosen) {
      const reason =
        memberships.length === 0
          ? 'unknown_email'
          : candidates.length === 0
            ? 'not_a_member_of_org'
            : candidates.every((m) => !m.password_hash)
              ? 'no_password'
              : 'wrong_password';
      await this.recordFailure(email, candidates[0] ?? memberships[0], reason, ctx);
      throw new DomainError('unauthenticated', 'invalid-credentials', WRONG);
    }
    const actorCtx = {
      ...ctx,
      actor: { type: 'member' as const, id: chosen.member_id, name: chosen.display_name },
    };
    await this.store.append(
      memberStream(chosen.member_id),
      'any',
      [{ type: 'MemberLoginSucceeded', data: { member_id: chosen.member_id, org_id: chosen.org_id } }],
      toMetadata(actorCtx, chosen.org_id),
    );
    const claims: MemberTokenClaims = { sub: chosen.member_id, org: chosen.org_id, role: chosen.role, email };
    const accessToken = await this.jwt.signAsync(claims, {
      algorithm: 'HS256',
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      expiresIn: this.config.jwtTtlSeconds,
    });
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: this.config.jwtTtlSeconds,
      org_id: chosen.org_id,
      role: chosen.role,
      member_id: chosen.member_id,
      // Only the orgs this password opens: a password an org's admin set must not reveal the others.
      orgs: memberships
        .filter((m) => m.password_hash === chosen.password_hash)
        .map((m) => ({ org_id: m.org_id, name: m.org_name, role: m.role })),
    };
  }

  private async recordFailure(
    email: string,
    target: Membership | undefined,
    reason: string,
    ctx: RequestContext,
  ): Promise<void> {
    await this.store.append(
      target
        ? memberStream(target.member_id)
        : `login-${createHash('sha256').update(email).digest('hex').slice(0, 32)}`,
      'any',
      [{ type: 'MemberLoginFailed', data: { member_id: target?.member_id ?? null, email, reason } }],
      toMetadata({ ...ctx, actor: { type: 'system', id: 'login', name: email } }, target?.org_id ?? null),
    );
  }
}
