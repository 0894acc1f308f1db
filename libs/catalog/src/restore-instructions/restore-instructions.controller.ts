import { Body, Controller, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse } from '@nestjs/swagger';
import { Ctx } from '../../../common/src/http/request-context.decorator';
import type { RequestContext } from '../../../common/src/request-context';
import { MemberRoute } from '../../../identity/src/auth/admin-route.decorator';
import { ToolResponseDto } from '../tool.dto';
import { RestoreInstructionsCommand } from './restore-instructions.command';
import { RestoreInstructionsDto } from './restore-instructions.dto';

@Controller('api/admin/tools')
export class RestoreInstructionsController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Post(':id/instructions/restore')
  @MemberRoute({
    operationId: 'restoreInstructions',
    summary: 'Make an earlier instructions version current again (as a new version)',
    action: 'update',
    subject: 'Tool',
    status: 200,
  })
  @ApiOkResponse({ type: ToolResponseDto })
  async restore(
    @Param('id') id: string,
    @Body() body: RestoreInstructionsDto,
    @Ctx() ctx: RequestContext,
  ): Promise<ToolResponseDto> {
    return { tool: await this.commands.execute(new RestoreInstructionsCommand(id, body.version, ctx)) };
  }
}
