import { Body, Controller, Inject, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiCreatedResponse } from '@nestjs/swagger';
import type { AppAbility } from '../../../authz/src/subjects';
import { ProblemDto } from '../../../common/src/http/problem.dto';
import { Ctx } from '../../../common/src/http/request-context.decorator';
import type { RequestContext } from '../../../common/src/request-context';
import { MemberRoute } from '../auth/admin-route.decorator';
import { CurrentAbility } from '../auth/member.decorator';
import { MemberResponseDto } from '../members.dto';
import { AddMemberCommand } from './add-member.command';
import { AddMemberDto } from './add-member.dto';

@Controller('api/admin/members')
export class AddMemberController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Post()
  @MemberRoute({
    operationId: 'addMember',
    summary: 'Add a member to your org with a role (admins cannot add owners)',
    action: 'create',
    subject: 'Member',
    status: 201,
  })
  @ApiCreatedResponse({ type: MemberResponseDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'The email is already an active member' })
  async add(
    @Body() body: AddMemberDto,
    @CurrentAbility() ability: AppAbility,
    @Ctx() ctx: RequestContext,
  ): Promise<MemberResponseDto> {
    return { member: await this.commands.execute(new AddMemberCommand(body, ability, ctx)) };
  }
}
