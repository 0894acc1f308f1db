import { createHash } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { JwtService } from '@nestjs/jwt';
import type { KeyledgerConfig } from '../../../config/src/config';
import { DomainError } from '../../../common/src/domain-error';
import { toMetadata } from '../../../common/src/request-context';
import { CONFIG } from '../../../common/src/tokens';
import { DUMMY_PASSWORD_HASH, verifyPassword } from '../../../crypto/src/passwords';
import { Database } from '../../../database/src/database';
import { EventStore } from '../../../event-store/src/event-store';
import { JWT_AUDIENCE, JWT_ISSUER, type MemberTokenClaims } from '../auth/member-principal';
import { memberStream, type Role } from '../identity.events';
import { LoginCommand } from './login.command';
import type { LoginResponseDto } from './login.dto';

interface Membership {
  member_id: string;
  org_id: string;
  org_name: string;
  role: Role;
  display_name: string;
}

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
    const memberships = await this.db.query<Membership>(
      `SELECT m.id AS member_id, m.org_id, o.name AS org_name, m.role, m.display_name
       FROM members m JOIN orgs o ON o.id = m.org_id
       WHERE lower(m.email) = $1 AND m.status = 'active' ORDER BY m.created_at, m.id`,
      [email],
    );
    const [credential] = await this.db.query<{ password_hash: string }>(
      'SELECT password_hash FROM credentials WHERE email = $1',
      [email],
    );
    // Always verify, against a dummy hash when the email is unknown: equal time either way.
    const passwordOk = await verifyPassword(credential?.password_hash ?? DUMMY_PASSWORD_HASH, password);
    const chosen = org ? memberships.find((m) => m.org_id === org || m.org_name === org) : memberships[0];
    if (!credential || !passwordOk || !chosen) {
      const target = chosen ?? memberships[0];
      const reason =
        !credential || memberships.length === 0
          ? 'unknown_email'
          : !passwordOk
            ? 'wrong_password'
            : 'not_a_member_of_org';
      await this.store.append(
        target
          ? memberStream(target.member_id)
          : `login-${createHash('sha256').update(email).digest('hex').slice(0, 32)}`,
        'any',
        [{ type: 'MemberLoginFailed', data: { member_id: target?.member_id ?? null, email, reason } }],
        toMetadata({ ...ctx, actor: { type: 'system', id: 'login', name: email } }, target?.org_id ?? null),
      );
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
      orgs: memberships.map((m) => ({ org_id: m.org_id, name: m.org_name, role: m.role })),
    };
  }
}
