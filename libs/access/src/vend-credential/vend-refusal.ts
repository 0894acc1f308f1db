import { DomainError } from '../../../common/src/domain-error';
import type { DenialReason } from '../access.events';

const ADVICE: Record<DenialReason, string> = {
  no_grant: 'you have no access to this tool: ask for it with POST /api/tools/{toolId}/request and a reason',
  pending: 'your request is still waiting for a human to approve it: try again later',
  denied:
    'your request was denied (see denial_reason in GET /api/tools); you may ask again with a better reason',
  revoked: 'your access was revoked: ask a human, or request access again',
  expired: 'your access has expired: request it again with POST /api/tools/{toolId}/request',
  suspended: 'this agent is suspended: ask an admin to reactivate it',
  tool_retired: 'the tool has been retired from the catalog',
  no_secret: 'the tool has no credential yet: ask an admin to set it',
};

/** A refused fetch: recorded as CredentialDenied, answered 403 (409 when the tool lacks a secret). */
export class VendRefusal extends Error {
  constructor(readonly reason: DenialReason) {
    super(reason);
  }

  toProblem(toolId: string): DomainError {
    const detail = ADVICE[this.reason].replace('{toolId}', toolId);
    const extensions = { reason: this.reason, tool_id: toolId };
    return this.reason === 'no_secret'
      ? new DomainError('conflict', 'no-credential', detail, extensions)
      : new DomainError('forbidden', 'no-access', detail, extensions);
  }
}
