/** Event data is the audit record: snake_case, as the audit API serves it. */
export interface AccessRequested {
  request_id: string;
  org_id: string;
  agent_id: string;
  tool_id: string;
  reason: string;
  duration_seconds: number | null;
}

export interface AccessApproved {
  request_id: string;
  agent_id: string;
  tool_id: string;
  approved_by: string;
  note: string | null;
  duration_seconds: number | null;
  approved_at: string;
  expires_at: string | null;
  /** Set when a policy, not a person, approved: the rule that fired. */
  rule?: string;
}

export interface AccessDenied {
  request_id: string;
  agent_id: string;
  tool_id: string;
  denied_by: string;
  reason: string;
}

export interface GrantRevoked {
  grant_id: string;
  agent_id: string;
  tool_id: string;
  revoked_by: string;
  reason: string;
}

export interface GrantExpired {
  grant_id: string;
  agent_id: string;
  tool_id: string;
  expired_at: string;
}

export interface AccessRequestExpired {
  request_id: string;
  agent_id: string;
  tool_id: string;
  expired_at: string;
}

export interface CredentialVended {
  grant_id: string;
  agent_id: string;
  tool_id: string;
  key_id: string;
  secret_version: number;
}

export type DenialReason =
  'no_grant' | 'pending' | 'denied' | 'revoked' | 'expired' | 'suspended' | 'tool_retired' | 'no_secret';

export interface CredentialDenied {
  grant_id: string | null;
  agent_id: string;
  tool_id: string;
  key_id: string;
  reason: DenialReason;
}

export const accessStream = (id: string) => `access-${id}`;

export type AccessStatus = 'pending' | 'approved' | 'denied' | 'revoked' | 'expired';
