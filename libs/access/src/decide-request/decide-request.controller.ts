import { Body, Controller, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiOkResponse } from '@nestjs/swagger';
import type { AppAbility } from '../../../authz/src/subjects';
import { ProblemDto } from '../../../common/src/http/problem.dto';
import { Ctx } from '../../../common/src/http/request-context.decorator';
import type { RequestContext } from '../../../common/src/request-context';
import { MemberRoute } from '../../../identity/src/auth/admin-route.decorator';
import { CurrentAbility } from '../../../identity/src/auth/member.decorator';
import { AccessRequestResponseDto } from '../list-access/list-access.dto';
import { DecideRequestCommand } from './decide-request.command';
import { ApproveRequestDto, DenyRequestDto } from './decide-request.dto';

@Controller('api/admin/requests/:requestId')
export class DecideRequestController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Post('approve')
  @MemberRoute({
    operationId: 'approveRequest',
    summary: 'Approve a pending request; the access clock starts now',
    action: 'approve',
    subject: 'AccessRequest',
    status: 200,
  })
  @ApiOkResponse({ type: AccessRequestResponseDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'Not pending, or you already approved it' })
  async approve(
    @Param('requestId') requestId: string,
    @Body() body: ApproveRequestDto,
    @CurrentAbility() ability: AppAbility,
    @Ctx() ctx: RequestContext,
  ): Promise<AccessRequestResponseDto> {
    const decision = {
      kind: 'approve' as const,
      note: body.note ?? null,
      durationSeconds: body.duration_seconds ?? null,
      credential: body.credential,
    };
    return {
      request: await this.commands.execute(new DecideRequestCommand(requestId, decision, ability, ctx)),
    };
  }

  @Post('deny')
  @MemberRoute({
    operationId: 'denyRequest',
    summary: 'Deny a pending request; the agent reads the reason',
    action: 'deny',
    subject: 'AccessRequest',
    status: 200,
  })
  @ApiOkResponse({ type: AccessRequestResponseDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'Not pending' })
  async deny(
    @Param('requestId') requestId: string,
    @Body() body: DenyRequestDto,
    @CurrentAbility() ability: AppAbility,
    @Ctx() ctx: RequestContext,
  ): Promise<AccessRequestResponseDto> {
    return {
      request: await this.commands.execute(
        new DecideRequestCommand(requestId, { kind: 'deny', reason: body.reason }, ability, ctx),
      ),
    };
  }
}
