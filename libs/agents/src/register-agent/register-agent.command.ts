import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../common/src/request-context';
import type { AgentView } from '../agents.read';

export class RegisterAgentCommand extends Command<{ agent: AgentView; api_key: string }> {
  constructor(
    readonly name: string,
    readonly description: string,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}
