import { Command } from '@nestjs/cqrs';
import type { AgentPrincipal } from '../../../../agents/src/auth/agent-principal';
import type { RequestContext } from '../../../../common/src/request-context';
import type { SuggestToolDto, SuggestToolResponseDto } from './suggest-tool.dto';

/** Also the command behind MCP's `suggest_tool`: same rules, same events. */
export class SuggestToolCommand extends Command<SuggestToolResponseDto> {
  constructor(
    readonly agent: AgentPrincipal,
    readonly body: SuggestToolDto,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}
