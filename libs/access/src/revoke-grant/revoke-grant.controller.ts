import { Body, Controller, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiOkResponse } from '@nestjs/swagger';
import type { AppAbility } from '../../../authz/src/subjects';
import { ProblemDto } from '../../../common/src/http/problem.dto';
import { Ctx } from '../../../common/src/http/request-context.decorator';
import type { RequestContext } from '../../../common/src/request-context';
import { MemberRoute } from '../../../identity/src/auth/admin-route.decorator';
import { CurrentAbility } from '../../../identity/src/auth/member.decorator';
import { RevokeGrantDto } from '../decide-request/decide-request.dto';
import { GrantResponseDto } from '../list-access/list-access.dto';
import { RevokeGrantCommand } from './revoke-grant.command';

@Controller('api/admin/grants/:grantId')
export class RevokeGrantController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Post('revoke')
  @MemberRoute({
    operationId: 'revokeGrant',
    summary: 'Revoke a grant: once this returns, no fetch under it succeeds on any instance',
    action: 'revoke',
    subject: 'Grant',
    status: 200,
  })
  @ApiOkResponse({ type: GrantResponseDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'The grant is not active' })
  async revoke(
    @Param('grantId') grantId: string,
    @Body() body: RevokeGrantDto,
    @CurrentAbility() ability: AppAbility,
    @Ctx() ctx: RequestContext,
  ): Promise<GrantResponseDto> {
    return { grant: await this.commands.execute(new RevokeGrantCommand(grantId, body.reason, ability, ctx)) };
  }
}
