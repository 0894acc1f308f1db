import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { toMetadata } from '../../../common/src/request-context';
import { Database } from '../../../database/src/database';
import { EventStore } from '../../../event-store/src/event-store';
import { memberDecider } from '../add-member/add-member.decider';
import { memberStream, orgStream } from '../identity.events';
import { CreateOrgCommand } from './create-org.command';
import { orgDecider } from './create-org.decider';
import type { CreateOrgResponseDto } from './create-org.dto';

/**
 * A new org with the caller as its owner: a second membership of the same person (same
 * email), so one sign-in picks between them. Both events commit together, in the new org.
 */
@CommandHandler(CreateOrgCommand)
export class CreateOrgHandler implements ICommandHandler<CreateOrgCommand> {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(EventStore) private readonly store: EventStore,
  ) {}

  async execute({ name, caller, ctx }: CreateOrgCommand): Promise<CreateOrgResponseDto> {
    const orgId = randomUUID();
    const memberId = randomUUID();
    const metadata = { ...toMetadata(ctx, orgId), caller_org_id: caller.orgId };
    const created = await this.db.transaction(async (tx) => {
      const org = await this.store.appendIn(
        tx,
        orgStream(orgId),
        0,
        orgDecider.decide({ orgId, name }, orgDecider.initialState()),
        metadata,
      );
      const owner = memberDecider.decide(
        { memberId, orgId, email: caller.email, displayName: caller.displayName, role: 'owner' },
        memberDecider.initialState(),
      );
      await this.store.appendIn(tx, memberStream(memberId), 0, owner, metadata);
      // The password the caller's current membership signs in with opens the new org too.
      await tx.query(
        `INSERT INTO member_credentials (member_id, password_hash)
         SELECT $1, password_hash FROM member_credentials WHERE member_id = $2`,
        [memberId, caller.id],
      );
      return org.events[0];
    });
    return {
      org: { id: orgId, name: name.trim(), created_at: created.occurredAt.toISOString() },
      member_id: memberId,
    };
  }
}
