import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { record } from '../../../authz/src/subjects';
import { DomainError } from '../../../common/src/domain-error';
import { Database } from '../../../database/src/database';
import { EventStore } from '../../../event-store/src/event-store';
import { runAccessCommand } from '../access-command';
import { findRequest } from '../access.read';
import { findJoined, grantView } from '../list-access/list-access.read';
import type { GrantDto } from '../list-access/list-access.dto';
import { RevokeGrantCommand } from './revoke-grant.command';

/**
 * The grant row is updated inline and the append waits for in-flight fetches of this grant to
 * commit (they hold its stream row): once this returns, no fetch of the grant succeeds anywhere.
 */
@CommandHandler(RevokeGrantCommand)
export class RevokeGrantHandler implements ICommandHandler<RevokeGrantCommand> {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(EventStore) private readonly store: EventStore,
  ) {}

  async execute({ grantId, reason, ability, ctx }: RevokeGrantCommand): Promise<GrantDto> {
    const grant = await findRequest(this.db, ctx.orgId!, grantId);
    if (grant.approved_at === null)
      throw new DomainError('not_found', 'not-found', `grant ${grantId} was not found`);
    if (!ability.can('revoke', record('Grant', { tool_id: grant.tool_id }))) {
      throw new DomainError('forbidden', 'forbidden', 'you may not revoke grants for this tool');
    }
    await this.db.transaction((tx) =>
      runAccessCommand(
        tx,
        this.store,
        grantId,
        { kind: 'revoke', memberId: ctx.actor.id, reason, now: new Date() },
        ctx,
      ),
    );
    return grantView((await findJoined(this.db, ctx.orgId!, grantId))!);
  }
}
