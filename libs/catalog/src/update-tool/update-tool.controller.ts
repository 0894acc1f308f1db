import { Body, Controller, Inject, Param, Patch } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiOkResponse } from '@nestjs/swagger';
import type { AppAbility } from '../../../authz/src/subjects';
import { ProblemDto } from '../../../common/src/http/problem.dto';
import { Ctx } from '../../../common/src/http/request-context.decorator';
import type { RequestContext } from '../../../common/src/request-context';
import { MemberRoute } from '../../../identity/src/auth/admin-route.decorator';
import { CurrentAbility } from '../../../identity/src/auth/member.decorator';
import { assertMaySetSecret } from '../secret-policy';
import { ToolResponseDto } from '../tool.dto';
import { UpdateToolCommand } from './update-tool.command';
import { UpdateToolDto } from './update-tool.dto';

@Controller('api/admin/tools')
export class UpdateToolController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Patch(':id')
  @MemberRoute({
    operationId: 'updateTool',
    summary: "Change a tool's fields; changed instructions become a new version",
    action: 'update',
    subject: 'Tool',
  })
  @ApiOkResponse({ type: ToolResponseDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'The tool is retired, or the name is taken' })
  async update(
    @Param('id') id: string,
    @Body() body: UpdateToolDto,
    @Ctx() ctx: RequestContext,
    @CurrentAbility() ability: AppAbility,
  ): Promise<ToolResponseDto> {
    if (body.credential !== undefined) assertMaySetSecret(ability);
    return { tool: await this.commands.execute(new UpdateToolCommand(id, body, ctx)) };
  }
}
