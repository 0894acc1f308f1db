import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Database } from '../../../database/src/database';
import { EventStore } from '../../../event-store/src/event-store';
import { runAgentCommand } from '../agent-command';
import type { AgentView } from '../agents.read';
import { SuspendAgentCommand } from './suspend-agent.command';

/** Suspension is inline too: once this returns, every agent route refuses the agent. */
@CommandHandler(SuspendAgentCommand)
export class SuspendAgentHandler implements ICommandHandler<SuspendAgentCommand> {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(EventStore) private readonly store: EventStore,
  ) {}

  execute({ agentId, suspend, reason, ctx }: SuspendAgentCommand): Promise<AgentView> {
    return runAgentCommand(this.db, this.store, ctx, agentId, {
      kind: suspend ? 'suspend' : 'reactivate',
      reason,
    });
  }
}
