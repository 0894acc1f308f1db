import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { generateAgentKey } from '../../../crypto/src/agent-key';
import { Database } from '../../../database/src/database';
import { EventStore } from '../../../event-store/src/event-store';
import { runAgentCommand } from '../agent-command';
import type { AgentView } from '../agents.read';
import { IssueAgentKeyCommand } from './issue-agent-key.command';

/** Several keys per agent let a rotation overlap: issue the new one, deploy, revoke the old. */
@CommandHandler(IssueAgentKeyCommand)
export class IssueAgentKeyHandler implements ICommandHandler<IssueAgentKeyCommand> {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(EventStore) private readonly store: EventStore,
  ) {}

  async execute({ agentId, ctx }: IssueAgentKeyCommand): Promise<{ agent: AgentView; api_key: string }> {
    const key = generateAgentKey();
    const agent = await runAgentCommand(this.db, this.store, ctx, agentId, {
      kind: 'issue-key',
      key: { keyId: randomUUID(), hash: key.hash, prefix: key.prefix },
    });
    return { agent, api_key: key.key };
  }
}
