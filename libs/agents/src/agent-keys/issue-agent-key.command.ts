import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../common/src/request-context';
import type { AgentView } from '../agents.read';

export class IssueAgentKeyCommand extends Command<{ agent: AgentView; api_key: string }> {
  constructor(
    readonly agentId: string,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}
