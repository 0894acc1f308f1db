import { Body, Controller, Inject, Param, Patch } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse } from '@nestjs/swagger';
import { Ctx } from '../../../common/src/http/request-context.decorator';
import type { RequestContext } from '../../../common/src/request-context';
import { MemberRoute } from '../../../identity/src/auth/admin-route.decorator';
import { AgentResponseDto, UpdateAgentDto } from '../agents.dto';
import { UpdateAgentCommand } from './update-agent.command';

@Controller('api/admin/agents')
export class UpdateAgentController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Patch(':agentId')
  @MemberRoute({
    operationId: 'updateAgent',
    summary: 'Rename an agent or change its description',
    action: 'update',
    subject: 'Agent',
  })
  @ApiOkResponse({ type: AgentResponseDto })
  async update(
    @Param('agentId') agentId: string,
    @Body() body: UpdateAgentDto,
    @Ctx() ctx: RequestContext,
  ): Promise<AgentResponseDto> {
    return { agent: await this.commands.execute(new UpdateAgentCommand(agentId, body, ctx)) };
  }
}
