import { Command } from '@nestjs/cqrs';
import type { AgentPrincipal } from '../../../agents/src/auth/agent-principal';
import type { RequestContext } from '../../../common/src/request-context';
import type { RequestAccessResponseDto } from './request-access.dto';

export class RequestAccessCommand extends Command<RequestAccessResponseDto> {
  constructor(
    readonly agent: AgentPrincipal,
    readonly toolId: string,
    readonly reason: string,
    readonly durationSeconds: number | null,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}
