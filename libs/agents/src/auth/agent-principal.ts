import type { AuthenticatedRequest } from '../../../common/src/http/request-context.decorator';

/** The calling agent, authenticated by its API key. */
export interface AgentPrincipal {
  id: string;
  orgId: string;
  name: string;
  keyId: string;
}

export interface AgentRequest extends AuthenticatedRequest {
  agent?: AgentPrincipal;
}
