import { Body, Controller, Delete, Inject, Param, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiOkResponse } from '@nestjs/swagger';
import { ProblemDto } from '../../../common/src/http/problem.dto';
import { Ctx } from '../../../common/src/http/request-context.decorator';
import type { RequestContext } from '../../../common/src/request-context';
import { MemberRoute } from '../../../identity/src/auth/admin-route.decorator';
import { ToolResponseDto } from '../tool.dto';
import { RetireToolCommand } from './retire-tool.command';
import { RetireToolDto } from './retire-tool.dto';

@Controller('api/admin/tools')
export class RetireToolController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Delete(':id')
  @MemberRoute({
    operationId: 'retireTool',
    summary: 'Retire a tool: agents can no longer request or fetch it; its history stays',
    action: 'delete',
    subject: 'Tool',
    status: 200,
  })
  @ApiOkResponse({ type: ToolResponseDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'The tool is already retired' })
  async retire(
    @Param('id') id: string,
    @Body() body: RetireToolDto,
    @Query() query: RetireToolDto,
    @Ctx() ctx: RequestContext,
  ): Promise<ToolResponseDto> {
    const reason = body?.reason ?? query.reason;
    return { tool: await this.commands.execute(new RetireToolCommand(id, reason, ctx)) };
  }
}
