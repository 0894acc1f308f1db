import { Controller, Get, Inject, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DomainError } from '../../../common/src/domain-error';
import { ProblemDto } from '../../../common/src/http/problem.dto';
import {
  CheckpointSigner,
  type StoredCheckpoint,
  UnverifiedChainError,
} from '../../../event-store/src/checkpoint-signer';
import type { SignedCheckpoint } from '../../../event-store/src/checkpoint-trust';
import { MemberRoute } from '../../../identity/src/auth/admin-route.decorator';
import { CurrentMember } from '../../../identity/src/auth/member.decorator';
import type { MemberPrincipal } from '../../../identity/src/auth/member-principal';
import { VerificationRunner } from './verification.runner';
import { verificationView, verifyResultView } from './verification.view';
import { CheckpointDto, VerificationEnvelopeDto, VerifyResultDto } from './verify-log.dto';

/** How long GET /api/audit/verify holds the request before answering with the job instead. */
const VERIFY_WAIT_MS = 20_000;

/**
 * The log is one hash chain for the whole installation; each org's auditor is answered about
 * its own events (docs/adr/0015). Checkpoints state the chain's head without the
 * installation-wide count.
 */
@Controller('api/audit')
export class VerifyLogController {
  constructor(
    @Inject(VerificationRunner) private readonly runner: VerificationRunner,
    @Inject(CheckpointSigner) private readonly signer: CheckpointSigner,
  ) {}

  @Get('verify')
  @MemberRoute({
    operationId: 'verifyAuditLog',
    summary: 'Verify the whole log from genesis and answer for your org (or the job, if it takes long)',
    description:
      'Starts a full verification (or joins the one running) and waits for it up to 20 s: 200 with ' +
      'the answer for your org, else 202 with the job (`Location`: poll getAuditVerification). ' +
      'startAuditVerification is the job-first way, and verifies incrementally by default.',
    action: 'verify',
    subject: 'AuditLog',
    tag: 'audit',
    tier: 'heavy',
  })
  @ApiOkResponse({ type: VerifyResultDto })
  @ApiAcceptedResponse({ type: VerificationEnvelopeDto, description: 'Still running after 20 s' })
  async verify(
    @CurrentMember() member: MemberPrincipal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<VerifyResultDto | VerificationEnvelopeDto> {
    const id = await this.runner.start({ orgId: member.orgId, full: true });
    const done = await this.runner.waitFor(id, VERIFY_WAIT_MS);
    const run = (await this.runner.read(id, member.orgId))!;
    if (done && run.status === 'done') return verifyResultView(run, member.orgId);
    if (run.status === 'failed') {
      throw new DomainError(
        'unavailable',
        'verification-failed',
        `the verification could not finish: ${run.error}`,
      );
    }
    void reply.status(202).header('location', `/api/audit/verifications/${id}`);
    return { verification: verificationView(run, member.orgId) };
  }

  @Get('checkpoints/latest')
  @MemberRoute({
    operationId: 'getLatestCheckpoint',
    summary: 'The newest Ed25519-signed head of the hash chain, with its public key',
    description:
      'Keep it: a later log that does not extend it has lost or changed events. Only checkpoints ' +
      'signed by this service’s key (or one it still trusts after a rotation) are served.',
    action: 'read',
    subject: 'AuditLog',
    tag: 'audit',
  })
  @ApiOkResponse({ type: CheckpointDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'The log is empty, or not intact enough to sign' })
  async latest(): Promise<CheckpointDto> {
    return checkpointView((await this.signer.latest()) ?? (await sign(this.signer)));
  }

  @Post('checkpoints')
  @MemberRoute({
    operationId: 'signCheckpoint',
    summary: 'Seal what is committed and sign the head now',
    description:
      'Refused (409) when the chain since the last checkpoint does not check out: the service signs ' +
      'only seals it wrote.',
    action: 'verify',
    subject: 'AuditLog',
    tag: 'audit',
    status: 201,
    tier: 'heavy', // it writes a signed checkpoint, after checking the chain since the last one
  })
  @ApiCreatedResponse({ type: CheckpointDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'The log is empty, or not intact enough to sign' })
  async sign(): Promise<CheckpointDto> {
    return checkpointView(await sign(this.signer));
  }
}

async function sign(signer: CheckpointSigner): Promise<SignedCheckpoint | null> {
  try {
    return await signer.signNow();
  } catch (error) {
    if (!(error instanceof UnverifiedChainError)) throw error;
    throw new DomainError('conflict', 'log-not-intact', `${error.message}: verify the log`, {
      position: error.position,
    });
  }
}

function checkpointView(c: SignedCheckpoint | StoredCheckpoint | null): CheckpointDto {
  if (!c) throw new DomainError('conflict', 'empty-log', 'the log has no events to sign yet');
  return {
    position: c.position,
    head_hash: c.head_hash,
    signed_at: c.signed_at,
    signature: c.signature,
    public_key: c.public_key,
    ...(c.seq === undefined ? {} : { seq: c.seq }),
  };
}
