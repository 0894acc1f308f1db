import { Controller, Get, Inject, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import { DomainError } from '../../../common/src/domain-error';
import { ProblemDto } from '../../../common/src/http/problem.dto';
import { Database } from '../../../database/src/database';
import { CheckpointSigner, type SignedCheckpoint } from '../../../event-store/src/checkpoint-signer';
import { Sealer } from '../../../event-store/src/sealer';
import { verifyLog } from '../../../event-store/src/verifier';
import { MemberRoute } from '../../../identity/src/auth/admin-route.decorator';
import { CheckpointDto, VerifyResultDto } from './verify-log.dto';

/**
 * Integrity is one log for the whole installation: verification walks every org's events, and
 * an auditor of any org may run it. It reveals positions and hashes, never another org's data.
 */
@Controller('api/audit')
export class VerifyLogController {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(Sealer) private readonly sealer: Sealer,
    @Inject(CheckpointSigner) private readonly signer: CheckpointSigner,
  ) {}

  @Get('verify')
  @MemberRoute({
    operationId: 'verifyAuditLog',
    summary: 'Walk the hash chain and name the first position that does not match',
    description:
      'Seals what is committed, recomputes every event’s SHA-256 link from its stored row, and ' +
      'holds the chain to the newest signed checkpoint (a log that no longer reaches it lost its tail).',
    action: 'verify',
    subject: 'AuditLog',
    tag: 'audit',
  })
  @ApiOkResponse({ type: VerifyResultDto })
  async verify(): Promise<VerifyResultDto> {
    await this.sealer.sealCommitted();
    const result = await verifyLog(this.db);
    return {
      ok: result.ok,
      checked_through: result.checked_through,
      first_bad_position: result.first_bad_position ?? null,
      reason: result.reason ?? null,
      sealed_events: result.sealed_events,
    };
  }

  @Get('checkpoints/latest')
  @MemberRoute({
    operationId: 'getLatestCheckpoint',
    summary: 'The newest Ed25519-signed head of the hash chain, with its public key',
    description: 'Keep it: a later log that does not extend it has lost or changed events.',
    action: 'read',
    subject: 'AuditLog',
    tag: 'audit',
  })
  @ApiOkResponse({ type: CheckpointDto })
  async latest(): Promise<CheckpointDto> {
    return checkpointView((await this.signer.latest()) ?? (await this.signer.signNow()));
  }

  @Post('checkpoints')
  @MemberRoute({
    operationId: 'signCheckpoint',
    summary: 'Seal what is committed and sign the head now',
    action: 'verify',
    subject: 'AuditLog',
    tag: 'audit',
    status: 201,
    tier: 'admin', // it writes: a signed checkpoint is stored
  })
  @ApiCreatedResponse({ type: CheckpointDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'The log is empty' })
  async sign(): Promise<CheckpointDto> {
    return checkpointView(await this.signer.signNow());
  }
}

function checkpointView(c: SignedCheckpoint | null): CheckpointDto {
  if (!c) throw new DomainError('conflict', 'empty-log', 'the log has no events to sign yet');
  return {
    seq: c.seq,
    position: c.position,
    head_hash: c.head_hash,
    signed_at: c.signed_at,
    signature: c.signature,
    public_key: c.public_key,
  };
}
