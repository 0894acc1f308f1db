import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Database } from '../../../database/src/database';
import { EventStore } from '../../../event-store/src/event-store';
import { runAgentCommand } from '../agent-command';
import type { AgentView } from '../agents.read';
import { UpdateAgentCommand } from './update-agent.command';

@CommandHandler(UpdateAgentCommand)
export class UpdateAgentHandler implements ICommandHandler<UpdateAgentCommand> {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(EventStore) private readonly store: EventStore,
  ) {}

  execute({ agentId, changes, ctx }: UpdateAgentCommand): Promise<AgentView> {
    return runAgentCommand(this.db, this.store, ctx, agentId, { kind: 'update', ...changes });
  }
}
