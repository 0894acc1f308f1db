import { Body, Controller, Get, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiParam } from '@nestjs/swagger';
import { AgentRoute, CurrentAgent } from '../../../agents/src/auth/agent-route.decorator';
import type { AgentPrincipal } from '../../../agents/src/auth/agent-principal';
import { ApiContract } from '../../../common/src/http/api-contract';
import { BodySchemaRoute } from '../../../common/src/http/body-schema-route.decorator';
import { ProblemDto } from '../../../common/src/http/problem.dto';
import { Ctx } from '../../../common/src/http/request-context.decorator';
import type { RequestContext } from '../../../common/src/request-context';
import { RequestAccessCommand } from './request-access.command';
import { RequestAccessDto, RequestAccessResponseDto } from './request-access.dto';

@Controller('api/tools')
export class RequestAccessController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(ApiContract) private readonly contract: ApiContract,
  ) {}

  @Get(':toolId/request')
  @BodySchemaRoute({ operationId: 'getRequestAccessSchema', of: 'requestAccess' })
  @ApiParam({ name: 'toolId' })
  bodySchema(): Record<string, unknown> {
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
