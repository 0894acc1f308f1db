import { Controller, Delete, Inject, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiOkResponse } from '@nestjs/swagger';
import { ProblemDto } from '../../../common/src/http/problem.dto';
import { Ctx } from '../../../common/src/http/request-context.decorator';
import type { RequestContext } from '../../../common/src/request-context';
import { MemberRoute } from '../auth/admin-route.decorator';
import { MemberResponseDto } from '../members.dto';
import { RemoveMemberCommand } from './remove-member.command';

@Controller('api/admin/members')
export class RemoveMemberController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Delete(':memberId')
  @MemberRoute({
    operationId: 'removeMember',
    summary: 'Remove a member from your org; their tokens stop working at once',
    description: 'Removing a member twice answers the removed member again, with no new event.',
    action: 'delete',
    subject: 'Member',
  })
  @ApiOkResponse({ type: MemberResponseDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'The last owner cannot be removed' })
  async remove(@Param('memberId') memberId: string, @Ctx() ctx: RequestContext): Promise<MemberResponseDto> {
    return { member: await this.commands.execute(new RemoveMemberCommand(memberId, ctx)) };
  }
}
