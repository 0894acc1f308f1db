import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../common/src/request-context';
import type { AgentView } from '../agents.read';

export class SuspendAgentCommand extends Command<AgentView> {
  constructor(
    readonly agentId: string,
    readonly suspend: boolean,
    readonly reason: string,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}
