import { Body, Controller, Inject, Param, Patch } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiOkResponse } from '@nestjs/swagger';
import { ProblemDto } from '../../../common/src/http/problem.dto';
import { Ctx } from '../../../common/src/http/request-context.decorator';
import type { RequestContext } from '../../../common/src/request-context';
import { MemberRoute } from '../auth/admin-route.decorator';
import { MemberResponseDto } from '../members.dto';
import { UpdateMemberCommand } from './update-member.command';
import { UpdateMemberDto } from './update-member.dto';

@Controller('api/admin/members')
export class UpdateMemberController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Patch(':memberId')
  @MemberRoute({
    operationId: 'updateMember',
    summary: "Change a member's role, display name or tool scope",
    action: 'update',
    subject: 'Member',
  })
  @ApiOkResponse({ type: MemberResponseDto })
  @ApiConflictResponse({
    type: ProblemDto,
    description: 'The last owner cannot be demoted, or the member was removed',
  })
  async update(
    @Param('memberId') memberId: string,
    @Body() body: UpdateMemberDto,
    @Ctx() ctx: RequestContext,
  ): Promise<MemberResponseDto> {
    return { member: await this.commands.execute(new UpdateMemberCommand(memberId, body, ctx)) };
  }
}
