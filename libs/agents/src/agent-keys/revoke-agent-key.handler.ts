import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Database } from '../../../database/src/database';
import { EventStore } from '../../../event-store/src/event-store';
import { runAgentCommand } from '../agent-command';
import type { AgentView } from '../agents.read';
import { RevokeAgentKeyCommand } from './revoke-agent-key.command';

/** The keys read model is inline: the next request with the key fails, on every instance. */
@CommandHandler(RevokeAgentKeyCommand)
export class RevokeAgentKeyHandler implements ICommandHandler<RevokeAgentKeyCommand> {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(EventStore) private readonly store: EventStore,
  ) {}

  execute({ agentId, keyId, reason, ctx }: RevokeAgentKeyCommand): Promise<AgentView> {
    return runAgentCommand(this.db, this.store, ctx, agentId, { kind: 'revoke-key', keyId, reason });
  }
}
