import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../common/src/request-context';
import type { AgentView } from '../agents.read';

export class UpdateAgentCommand extends Command<AgentView> {
  constructor(
    readonly agentId: string,
    readonly changes: { name?: string; description?: string },
    readonly ctx: RequestContext,
  ) {
    super();
  }
}
