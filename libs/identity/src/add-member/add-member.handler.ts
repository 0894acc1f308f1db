import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type AppAbility, record } from '../../../authz/src/subjects';
import { DomainError } from '../../../common/src/domain-error';
import { toMetadata } from '../../../common/src/request-context';
import { hashPassword } from '../../../crypto/src/passwords';
import { Database } from '../../../database/src/database';
import { EventStore } from '../../../event-store/src/event-store';
import { memberStream, type Role } from '../identity.events';
import { callerAbility, lockOrg } from '../member-command';
import { findMember, type MemberView } from '../members.read';
import { assertToolsInOrg } from '../tool-scope';
import { AddMemberCommand } from './add-member.command';
import { memberDecider } from './add-member.decider';

function assertMayAdd(ability: AppAbility, role: Role): void {
  if (!ability.can('create', record('Member', { new_role: role }))) {
    throw new DomainError('forbidden', 'forbidden', `your role may not add members as ${role}`);
  }
}

/**
 * Adds a person to the caller's org. A password given here belongs to this membership only
 * (member_credentials): it can never open, or replace the password of, the same person's
 * membership in another org.
 */
@CommandHandler(AddMemberCommand)
export class AddMemberHandler implements ICommandHandler<AddMemberCommand> {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(EventStore) private readonly store: EventStore,
  ) {}

  async execute({ fields, ability, ctx }: AddMemberCommand): Promise<MemberView> {
    const orgId = ctx.orgId!;
    assertMayAdd(ability, fields.role);
    await assertToolsInOrg(this.db, orgId, fields.tool_scope);
    const email = fields.email.trim().toLowerCase();
    // Hash before taking the org lock: argon2 is deliberately slow.
    const passwordHash = fields.password ? await hashPassword(fields.password) : null;
    const memberId = randomUUID();
    await this.db.transaction(async (tx) => {
      await lockOrg(tx, this.store, orgId);
      assertMayAdd(await callerAbility(tx, ctx), fields.role);
      const [existing] = await tx.query<{ id: string }>(
        `SELECT id FROM members WHERE org_id = $1 AND lower(email) = $2 AND status = 'active'`,
        [orgId, email],
      );
      if (existing) {
        throw new DomainError('conflict', 'member-exists', `${email} is already a member of this org`, {
          member_id: existing.id,
        });
      }
      const events = memberDecider.decide(
        {
          memberId,
          orgId,
          email,
          role: fields.role,
          displayName: fields.display_name,
          toolScope: fields.tool_scope,
        },
        memberDecider.initialState(),
      );
      await this.store.appendIn(tx, memberStream(memberId), 0, events, toMetadata(ctx));
      if (passwordHash) {
        await tx.query('INSERT INTO member_credentials (member_id, password_hash) VALUES ($1, $2)', [
          memberId,
          passwordHash,
        ]);
      }
    });
    return findMember(this.db, orgId, memberId);
  }
}
