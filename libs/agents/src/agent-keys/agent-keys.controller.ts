import { Body, Controller, Delete, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import { Ctx } from '../../../common/src/http/request-context.decorator';
import type { RequestContext } from '../../../common/src/request-context';
import { MemberRoute } from '../../../identity/src/auth/admin-route.decorator';
import { AgentResponseDto, AgentWithKeyResponseDto, OptionalReasonDto } from '../agents.dto';
import { IssueAgentKeyCommand } from './issue-agent-key.command';
import { RevokeAgentKeyCommand } from './revoke-agent-key.command';

@Controller('api/admin/agents/:agentId/keys')
export class AgentKeysController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Post()
  @MemberRoute({
    operationId: 'issueAgentKey',
    summary: 'Issue another API key for an agent (shown once); the old keys keep working until revoked',
    action: 'create',
    subject: 'AgentKey',
    status: 201,
  })
  @ApiCreatedResponse({ type: AgentWithKeyResponseDto })
  issue(@Param('agentId') agentId: string, @Ctx() ctx: RequestContext): Promise<AgentWithKeyResponseDto> {
    return this.commands.execute(new IssueAgentKeyCommand(agentId, ctx));
  }

  @Delete(':keyId')
  @MemberRoute({
    operationId: 'revokeAgentKey',
    summary: 'Revoke one API key at once',
    action: 'revoke',
    subject: 'AgentKey',
  })
  @ApiBody({ type: OptionalReasonDto, required: false })
  @ApiOkResponse({ type: AgentResponseDto })
  async revoke(
    @Param('agentId') agentId: string,
    @Param('keyId') keyId: string,
    @Body() body: OptionalReasonDto,
    @Ctx() ctx: RequestContext,
  ): Promise<AgentResponseDto> {
    return {
      agent: await this.commands.execute(
        new RevokeAgentKeyCommand(agentId, keyId, body?.reason ?? null, ctx),
      ),
    };
  }
}
