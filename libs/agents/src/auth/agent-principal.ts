import type { AuthenticatedRequest } from '../../../common/src/http/request-context.decorator';

/** The calling agent, authenticated by its API key. */
export interface AgentPrincipal {
  id: string;
  orgId: string;
  name: string;
  keyId: string;
  /** Only on routes that record the refusal themselves (credential fetches). */
  suspended?: boolean;
}

export interface AgentRequest extends AuthenticatedRequest {
  agent?: AgentPrincipal;
}
