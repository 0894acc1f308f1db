import { Body, Controller, Get, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiParam } from '@nestjs/swagger';
import { AgentRoute, CurrentAgent } from '../../../../agents/src/auth/agent-route.decorator';
import type { AgentPrincipal } from '../../../../agents/src/auth/agent-principal';
import { ApiContract } from '../../../../common/src/http/api-contract';
import { BodySchemaRoute } from '../../../../common/src/http/body-schema-route.decorator';
import { ProblemDto } from '../../../../common/src/http/problem.dto';
import { Ctx } from '../../../../common/src/http/request-context.decorator';
import type { RequestContext } from '../../../../common/src/request-context';
import { SuggestInstructionsCommand } from './suggest-instructions.command';
import { SuggestInstructionsDto, SuggestInstructionsResponseDto } from './suggest-instructions.dto';

@Controller('api/tools')
export class SuggestInstructionsController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(ApiContract) private readonly contract: ApiContract,
  ) {}

  @Get(':toolId/instructions/suggest')
  @BodySchemaRoute({ operationId: 'getSuggestInstructionsSchema', of: 'suggestInstructions' })
  @ApiParam({ name: 'toolId' })
  bodySchema(): Record<string, unknown> {
    return this.contract.bodySchema('suggestInstructions');
  }

  @Post(':toolId/instructions/suggest')
  @AgentRoute({
    operationId: 'suggestInstructions',
    summary: 'Propose a correction to a tool’s usage instructions (needs a grant for the tool)',
    description:
      'An admin reviews it; once accepted, every agent receives it with its next credential fetch.',
    status: 201,
    tier: 'request',
  })
  @ApiCreatedResponse({ type: SuggestInstructionsResponseDto })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'Unknown tool' })
  suggest(
    @Param('toolId') toolId: string,
    @Body() body: SuggestInstructionsDto,
    @CurrentAgent() agent: AgentPrincipal,
    @Ctx() ctx: RequestContext,
  ): Promise<SuggestInstructionsResponseDto> {
    return this.commands.execute(new SuggestInstructionsCommand(agent, toolId, body, ctx));
  }
}
