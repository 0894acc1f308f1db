import type { AppAbility, Role } from '../../../authz/src/subjects';
import type { AuthenticatedRequest } from '../../../common/src/http/request-context.decorator';

/** The signed-in member, as loaded from the members read model on every request. */
export interface MemberPrincipal {
  id: string;
  orgId: string;
  email: string;
  displayName: string;
  role: Role;
  toolScope: string[] | null;
}

export interface MemberRequest extends AuthenticatedRequest {
  /** Set by passport before the guard copies it to `member`. */
  user?: unknown;
  member?: MemberPrincipal;
  ability?: AppAbility;
}

export interface MemberTokenClaims {
  sub: string;
  org: string;
  role: Role;
  email: string;
}

export const JWT_ISSUER = 'keyledger';
export const JWT_AUDIENCE = 'keyledger-api';
