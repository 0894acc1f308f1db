import { Body, Controller, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse } from '@nestjs/swagger';
import { Ctx } from '../../../common/src/http/request-context.decorator';
import type { RequestContext } from '../../../common/src/request-context';
import { MemberRoute } from '../../../identity/src/auth/admin-route.decorator';
import { AgentResponseDto, ReasonDto } from '../agents.dto';
import { SuspendAgentCommand } from './suspend-agent.command';

@Controller('api/admin/agents/:agentId')
export class SuspendAgentController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Post('suspend')
  @MemberRoute({
    operationId: 'suspendAgent',
    summary: 'Suspend an agent: every agent route refuses it at once, and each refusal is recorded',
    action: 'suspend',
    subject: 'Agent',
    status: 200,
  })
  @ApiOkResponse({ type: AgentResponseDto })
  async suspend(
    @Param('agentId') agentId: string,
    @Body() body: ReasonDto,
    @Ctx() ctx: RequestContext,
  ): Promise<AgentResponseDto> {
    return { agent: await this.commands.execute(new SuspendAgentCommand(agentId, true, body.reason, ctx)) };
  }

  @Post('reactivate')
  @MemberRoute({
    operationId: 'reactivateAgent',
    summary: 'Reactivate a suspended agent',
    action: 'reactivate',
    subject: 'Agent',
    status: 200,
  })
  @ApiOkResponse({ type: AgentResponseDto })
  async reactivate(
    @Param('agentId') agentId: string,
    @Body() body: ReasonDto,
    @Ctx() ctx: RequestContext,
  ): Promise<AgentResponseDto> {
    return { agent: await this.commands.execute(new SuspendAgentCommand(agentId, false, body.reason, ctx)) };
  }
}
