import { Body, Controller, Inject, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiCreatedResponse } from '@nestjs/swagger';
import type { AppAbility } from '../../../authz/src/subjects';
import { ProblemDto } from '../../../common/src/http/problem.dto';
import { Ctx } from '../../../common/src/http/request-context.decorator';
import type { RequestContext } from '../../../common/src/request-context';
import { MemberRoute } from '../../../identity/src/auth/admin-route.decorator';
import { CurrentAbility } from '../../../identity/src/auth/member.decorator';
import { assertMaySetSecret } from '../secret-policy';
import { ToolResponseDto } from '../tool.dto';
import { AddToolCommand } from './add-tool.command';
import { AddToolDto } from './add-tool.dto';

@Controller('api/admin/tools')
export class AddToolController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Post()
  @MemberRoute({
    operationId: 'createTool',
    summary: 'Add a tool to the catalog, optionally with its shared credential',
    action: 'create',
    subject: 'Tool',
    status: 201,
  })
  @ApiCreatedResponse({ type: ToolResponseDto })
  @ApiConflictResponse({
    type: ProblemDto,
    description: 'An active tool has this name, or a per-agent tool was given a credential',
  })
  async create(
    @Body() body: AddToolDto,
    @Ctx() ctx: RequestContext,
    @CurrentAbility() ability: AppAbility,
  ): Promise<ToolResponseDto> {
    if (body.credential !== undefined) assertMaySetSecret(ability);
    return { tool: await this.commands.execute(new AddToolCommand(body, ctx)) };
  }
}
