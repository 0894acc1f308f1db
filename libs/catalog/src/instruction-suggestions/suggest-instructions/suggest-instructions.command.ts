import { Command } from '@nestjs/cqrs';
import type { AgentPrincipal } from '../../../../agents/src/auth/agent-principal';
import type { RequestContext } from '../../../../common/src/request-context';
import type { SuggestInstructionsDto, SuggestInstructionsResponseDto } from './suggest-instructions.dto';

export class SuggestInstructionsCommand extends Command<SuggestInstructionsResponseDto> {
  constructor(
    readonly agent: AgentPrincipal,
    readonly toolId: string,
    readonly body: SuggestInstructionsDto,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}
