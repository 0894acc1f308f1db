import { Body, Controller, Inject, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse } from '@nestjs/swagger';
import { Ctx } from '../../../common/src/http/request-context.decorator';
import type { RequestContext } from '../../../common/src/request-context';
import { MemberRoute } from '../../../identity/src/auth/admin-route.decorator';
import { AgentWithKeyResponseDto, RegisterAgentDto } from '../agents.dto';
import { RegisterAgentCommand } from './register-agent.command';

@Controller('api/admin/agents')
export class RegisterAgentController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Post()
  @MemberRoute({
    operationId: 'registerAgent',
    summary: 'Register an agent; answers its first API key, the only time it is shown',
    action: 'create',
    subject: 'Agent',
    status: 201,
  })
  @ApiCreatedResponse({ type: AgentWithKeyResponseDto })
  register(@Body() body: RegisterAgentDto, @Ctx() ctx: RequestContext): Promise<AgentWithKeyResponseDto> {
    return this.commands.execute(new RegisterAgentCommand(body.name, body.description ?? '', ctx));
  }
}
