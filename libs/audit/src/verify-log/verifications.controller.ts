import { Body, Controller, Get, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { notFound } from '../../../common/src/domain-error';
import { MemberRoute } from '../../../identity/src/auth/admin-route.decorator';
import { CurrentMember } from '../../../identity/src/auth/member.decorator';
import type { MemberPrincipal } from '../../../identity/src/auth/member-principal';
import { VerificationRunner } from './verification.runner';
import { verificationView } from './verification.view';
import { StartVerificationDto, VerificationEnvelopeDto } from './verify-log.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Verification as a job: start (or join) a run, then poll it (docs/adr/0015). */
@Controller('api/audit/verifications')
export class VerificationsController {
  constructor(@Inject(VerificationRunner) private readonly runner: VerificationRunner) {}

  @Post()
  @MemberRoute({
    operationId: 'startAuditVerification',
    summary: 'Start verifying the log, or join the run already verifying it',
    description:
      'Answers 202 at once with the run and its `Location`. By default the run walks from the head ' +
      'the last intact verification proved (incremental); `full` walks from genesis, and so does a ' +
      'run holding the log to a `checkpoint` you kept (with the `public_key` you hold for it). ' +
      'Requests that arrive while a run answering the same question is going share it.',
    action: 'verify',
    subject: 'AuditLog',
    tag: 'audit',
    status: 202,
    tier: 'heavy',
  })
  @ApiAcceptedResponse({
    type: VerificationEnvelopeDto,
    headers: { Location: { description: 'The run: getAuditVerification', schema: { type: 'string' } } },
  })
  async start(
    @Body() body: StartVerificationDto,
    @CurrentMember() member: MemberPrincipal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<VerificationEnvelopeDto> {
    const { public_key: publicKey, checkpoint } = body;
    const id = await this.runner.start({
      orgId: member.orgId,
      full: body.full,
      auditorCheckpoint: checkpoint && { checkpoint: { ...checkpoint }, publicKey },
    });
    void reply.header('location', `/api/audit/verifications/${id}`);
    return { verification: verificationView((await this.runner.read(id, member.orgId))!, member.orgId) };
  }

  @Get(':id')
  @MemberRoute({
    operationId: 'getAuditVerification',
    summary: 'A verification run: where it stands, and its answer for your org once done',
    action: 'verify',
    subject: 'AuditLog',
    tag: 'audit',
  })
  @ApiOkResponse({ type: VerificationEnvelopeDto })
  async get(
    @Param('id') id: string,
    @CurrentMember() member: MemberPrincipal,
  ): Promise<VerificationEnvelopeDto> {
    const run = UUID.test(id) ? await this.runner.read(id, member.orgId) : null;
    if (!run) throw notFound('verification', id);
    return { verification: verificationView(run, member.orgId) };
  }
}
