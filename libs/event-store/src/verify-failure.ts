/**
 * What did not check out. `org_id` names the org whose event it is when the failure is about
 * one event's content; null when it concerns the log as a whole (a cut chain, a missing
 * event, a checkpoint), which every org's auditor is told about.
 */
export interface Failure {
  position: string | null;
  org_id: string | null;
  reason: string;
}

/** Thrown by a check to end the walk with its failure. */
export class VerifyStop extends Error {
  constructor(readonly failure: Failure) {
    super(failure.reason);
  }
}

export function fail(position: string | null, reason: string, orgId: string | null = null): never {
  throw new VerifyStop({ position, org_id: orgId, reason });
}
