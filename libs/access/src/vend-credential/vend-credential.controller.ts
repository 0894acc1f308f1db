import { Controller, Get, Header, Inject, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
} from '@nestjs/swagger';
import { SuspensionHandledByRoute } from '../../../agents/src/auth/agent-auth.guard';
import { AgentRoute, CurrentAgent } from '../../../agents/src/auth/agent-route.decorator';
import type { AgentPrincipal } from '../../../agents/src/auth/agent-principal';
import { ProblemDto } from '../../../common/src/http/problem.dto';
import { Ctx } from '../../../common/src/http/request-context.decorator';
import type { RequestContext } from '../../../common/src/request-context';
import { VendCredentialCommand } from './vend-credential.command';
import { CredentialResponseDto } from './vend-credential.dto';

@Controller('api/tools')
export class VendCredentialController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Get(':toolId/credentials')
  @Header('cache-control', 'no-store, private')
  @Header('pragma', 'no-cache')
  @SuspensionHandledByRoute()
  @AgentRoute({
    operationId: 'getCredential',
    summary: 'Fetch the credential under your grant; every fetch is checked at this instant and recorded',
    description: 'Keep the credential in memory; fetch it again when you need it. Never write it to disk.',
    tier: 'credential',
  })
  @ApiOkResponse({ type: CredentialResponseDto })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'Unknown tool' })
  @ApiConflictResponse({ type: ProblemDto, description: 'The tool has no credential yet' })
  @ApiServiceUnavailableResponse({
    type: ProblemDto,
    description: 'The fetch could not be recorded, so no secret was returned',
  })
  vend(
    @Param('toolId') toolId: string,
    @CurrentAgent() agent: AgentPrincipal,
    @Ctx() ctx: RequestContext,
  ): Promise<CredentialResponseDto> {
    return this.commands.execute(new VendCredentialCommand(agent, toolId, ctx));
  }
}
