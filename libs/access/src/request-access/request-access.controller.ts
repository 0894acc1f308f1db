import { Body, Controller, Get, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse } from '@nestjs/swagger';
import { AgentRoute, CurrentAgent } from '../../../agents/src/auth/agent-route.decorator';
import type { AgentPrincipal } from '../../../agents/src/auth/agent-principal';
import { ApiContract } from '../../../common/src/http/api-contract';
import { BodySchemaResponse } from '../../../common/src/http/body-schema-route.decorator';
import { ProblemDto } from '../../../common/src/http/problem.dto';
import { Ctx } from '../../../common/src/http/request-context.decorator';
import type { RequestContext } from '../../../common/src/request-context';
import { Database } from '../../../database/src/database';
import { findToolForAgent } from '../access.read';
import { RequestAccessCommand } from './request-access.command';
import { RequestAccessDto, RequestAccessResponseDto } from './request-access.dto';

@Controller('api/tools')
export class RequestAccessController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(ApiContract) private readonly contract: ApiContract,
    @Inject(Database) private readonly db: Database,
  ) {}

  @Get(':toolId/request')
  @AgentRoute({
    operationId: 'getRequestAccessSchema',
    summary: 'The JSON Schema of the body requestAccess takes (the POST on this path)',
    tier: 'read',
  })
  @BodySchemaResponse()
  @ApiNotFoundResponse({ type: ProblemDto, description: 'Unknown tool' })
  async bodySchema(
    @Param('toolId') toolId: string,
    @CurrentAgent() agent: AgentPrincipal,
  ): Promise<Record<string, unknown>> {
    await findToolForAgent(this.db, agent.orgId, toolId); // 404 for another org's tool, as the POST
    return this.contract.bodySchema('requestAccess');
  }

  @Post(':toolId/request')
  @AgentRoute({
    operationId: 'requestAccess',
    summary: 'Ask for access to a tool, with a reason a human will read',
    description: 'Repeating the request while it is pending answers the same request_id.',
    status: 201,
    tier: 'request',
  })
  @ApiCreatedResponse({ type: RequestAccessResponseDto })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'Unknown tool' })
  @ApiConflictResponse({ type: ProblemDto, description: 'The tool is retired (tool-retired)' })
  request(
    @Param('toolId') toolId: string,
    @Body() body: RequestAccessDto,
    @CurrentAgent() agent: AgentPrincipal,
    @Ctx() ctx: RequestContext,
  ): Promise<RequestAccessResponseDto> {
    return this.commands.execute(
      new RequestAccessCommand(agent, toolId, body.reason, body.duration_seconds ?? null, ctx),
    );
  }
}
