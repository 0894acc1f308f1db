import { Body, Controller, Get, Inject, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiCreatedResponse } from '@nestjs/swagger';
import { AgentRoute, CurrentAgent } from '../../../../agents/src/auth/agent-route.decorator';
import type { AgentPrincipal } from '../../../../agents/src/auth/agent-principal';
import { ApiContract } from '../../../../common/src/http/api-contract';
import { BodySchemaResponse } from '../../../../common/src/http/body-schema-route.decorator';
import { ProblemDto } from '../../../../common/src/http/problem.dto';
import { Ctx } from '../../../../common/src/http/request-context.decorator';
import type { RequestContext } from '../../../../common/src/request-context';
import { SuggestToolCommand } from './suggest-tool.command';
import { SuggestToolDto, SuggestToolResponseDto } from './suggest-tool.dto';

@Controller('api/tools')
export class SuggestToolController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(ApiContract) private readonly contract: ApiContract,
  ) {}

  @Get('suggest')
  @AgentRoute({
    operationId: 'getSuggestToolSchema',
    summary: 'The JSON Schema of the body suggestTool takes (the POST on this path)',
    tier: 'read',
  })
  @BodySchemaResponse()
  bodySchema(): Record<string, unknown> {
    return this.contract.bodySchema('suggestTool');
  }

  @Post('suggest')
  @AgentRoute({
    operationId: 'suggestTool',
    summary: 'Suggest a tool the catalog lacks; suggestions of the same tool are pooled',
    description:
      'The same tool (matched by domain, else by name) is one suggestion: yours backs it, with your reason.',
    status: 201,
    tier: 'request',
  })
  @ApiCreatedResponse({ type: SuggestToolResponseDto })
  @ApiConflictResponse({
    type: ProblemDto,
    description: 'The tool is in the catalog (`tool_id`), or was dismissed recently (`retry_after` seconds)',
  })
  suggest(
    @Body() body: SuggestToolDto,
    @CurrentAgent() agent: AgentPrincipal,
    @Ctx() ctx: RequestContext,
  ): Promise<SuggestToolResponseDto> {
    return this.commands.execute(new SuggestToolCommand(agent, body, ctx));
  }
}
