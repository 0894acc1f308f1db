import type { StoredVerification } from './verification.runner';
import type { VerificationDto, VerifyResultDto } from './verify-log.dto';

const ELSEWHERE =
  'the log was altered at an event of another organisation: the walk stopped there, so your events ' +
  'after it were not checked';

/**
 * One org's view of a shared run: its own event count and last position, the failure when it
 * is its own event or concerns the log as a whole, and never another org's counts or events.
 */
export function verificationView(v: StoredVerification, orgId: string): VerificationDto {
  const r = v.result;
  return {
    id: v.id,
    status: v.status,
    mode: v.kind,
    started_at: v.started_at.toISOString(),
    finished_at: v.finished_at?.toISOString() ?? null,
    result:
      r && v.status === 'done'
        ? { ...verifyResultView(v, orgId), from_position: r.from_position, checkpoint: r.checkpoint }
        : null,
    error: v.error,
  };
}

export function verifyResultView(v: StoredVerification, orgId: string): VerifyResultDto {
  const r = v.result!;
  const failure = r.failure;
  const shown = failure && (failure.org_id === null || failure.org_id === orgId);
  return {
    ok: r.ok,
    checked_through: v.org?.last_position ?? null,
    first_bad_position: shown ? failure.position : null,
    reason: failure ? (shown ? failure.reason : ELSEWHERE) : null,
    sealed_events: v.org?.events ?? 0,
  };
}
