import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { generateAgentKey } from '../../../crypto/src/agent-key';
import { Database } from '../../../database/src/database';
import { EventStore } from '../../../event-store/src/event-store';
import { runAgentCommand } from '../agent-command';
import type { AgentView } from '../agents.read';
import { RegisterAgentCommand } from './register-agent.command';

/** Registration issues the first key in the same append: an agent is never keyless. */
@CommandHandler(RegisterAgentCommand)
export class RegisterAgentHandler implements ICommandHandler<RegisterAgentCommand> {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(EventStore) private readonly store: EventStore,
  ) {}

  async execute({
    name,
    description,
    ctx,
  }: RegisterAgentCommand): Promise<{ agent: AgentView; api_key: string }> {
    const agentId = randomUUID();
    const key = generateAgentKey();
    const agent = await runAgentCommand(this.db, this.store, ctx, agentId, {
      kind: 'register',
      agentId,
      orgId: ctx.orgId!,
      name,
      description,
      registeredBy: ctx.actor.id,
      key: { keyId: randomUUID(), hash: key.hash, prefix: key.prefix },
    });
    return { agent, api_key: key.key };
  }
}
