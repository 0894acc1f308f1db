import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { record } from '../../../authz/src/subjects';
import { DomainError } from '../../../common/src/domain-error';
import { Database } from '../../../database/src/database';
import { EventStore } from '../../../event-store/src/event-store';
import { runMemberCommand } from '../member-command';
import type { MemberView } from '../members.read';
import { RemoveMemberCommand } from './remove-member.command';
import { removeMemberDecider } from './remove-member.decider';

/** The member's tokens stop working on the next request: authentication reads the members table. */
@CommandHandler(RemoveMemberCommand)
export class RemoveMemberHandler implements ICommandHandler<RemoveMemberCommand> {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(EventStore) private readonly store: EventStore,
  ) {}

  execute({ memberId, ctx }: RemoveMemberCommand): Promise<MemberView> {
    return runMemberCommand(this.db, this.store, ctx, {
      memberId,
      decider: removeMemberDecider,
      authorize: (state, ability) => {
        if (!ability.can('delete', record('Member', { role: state.role }))) {
          throw new DomainError('forbidden', 'forbidden', 'your role may not remove owners');
        }
      },
      command: (_state, activeOwners) => ({ memberId, activeOwners }),
    });
  }
}
