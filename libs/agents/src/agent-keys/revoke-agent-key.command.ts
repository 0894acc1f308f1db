import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../common/src/request-context';
import type { AgentView } from '../agents.read';

export class RevokeAgentKeyCommand extends Command<AgentView> {
  constructor(
    readonly agentId: string,
    readonly keyId: string,
    readonly reason: string | null,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}
