import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { record } from '../../../authz/src/subjects';
import { DomainError } from '../../../common/src/domain-error';
import { Database } from '../../../database/src/database';
import { EventStore } from '../../../event-store/src/event-store';
import { runMemberCommand } from '../member-command';
import type { MemberView } from '../members.read';
import { assertToolsInOrg } from '../tool-scope';
import { UpdateMemberCommand } from './update-member.command';
import { updateMemberDecider } from './update-member.decider';

@CommandHandler(UpdateMemberCommand)
export class UpdateMemberHandler implements ICommandHandler<UpdateMemberCommand> {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(EventStore) private readonly store: EventStore,
  ) {}

  async execute({ memberId, changes, ctx }: UpdateMemberCommand): Promise<MemberView> {
    await assertToolsInOrg(this.db, ctx.orgId!, changes.tool_scope);
    return runMemberCommand(this.db, this.store, ctx, {
      memberId,
      decider: updateMemberDecider,
      authorize: (state, ability) => {
        // `role` is who they are now, `new_role` who they would become: admins may touch
        // neither owners nor the owner role.
        const target = record('Member', { role: state.role, new_role: changes.role ?? state.role });
        if (!ability.can('update', target)) {
          throw new DomainError(
            'forbidden',
            'forbidden',
            'your role may not change owners or make anyone an owner',
          );
        }
      },
      command: (_state, activeOwners) => ({
        memberId,
        role: changes.role,
        displayName: changes.display_name,
        toolScope: changes.tool_scope,
        activeOwners,
      }),
    });
  }
}
