import { Body, Controller, Get, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiNotFoundResponse } from '@nestjs/swagger';
import { AgentRoute, CurrentAgent } from '../../../../agents/src/auth/agent-route.decorator';
import type { AgentPrincipal } from '../../../../agents/src/auth/agent-principal';
import { ApiContract } from '../../../../common/src/http/api-contract';
import { BodySchemaResponse } from '../../../../common/src/http/body-schema-route.decorator';
import { ProblemDto } from '../../../../common/src/http/problem.dto';
import { Ctx } from '../../../../common/src/http/request-context.decorator';
import type { RequestContext } from '../../../../common/src/request-context';
import { Database } from '../../../../database/src/database';
import { findToolForAgent } from '../../../../access/src/access.read';
import { SuggestInstructionsCommand } from './suggest-instructions.command';
import { SuggestInstructionsDto, SuggestInstructionsResponseDto } from './suggest-instructions.dto';

@Controller('api/tools')
export class SuggestInstructionsController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(ApiContract) private readonly contract: ApiContract,
    @Inject(Database) private readonly db: Database,
  ) {}

  @Get(':toolId/instructions/suggest')
  @AgentRoute({
    operationId: 'getSuggestInstructionsSchema',
    summary: 'The JSON Schema of the body suggestInstructions takes (the POST on this path)',
    tier: 'read',
  })
  @BodySchemaResponse()
  @ApiNotFoundResponse({ type: ProblemDto, description: 'Unknown tool' })
  async bodySchema(
    @Param('toolId') toolId: string,
    @CurrentAgent() agent: AgentPrincipal,
  ): Promise<Record<string, unknown>> {
    await findToolForAgent(this.db, agent.orgId, toolId); // 404 for another org's tool, as the POST
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
