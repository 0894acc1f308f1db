/** Event data is the audit record: snake_case, as the audit API serves it. */
export type Role = 'owner' | 'admin' | 'approver' | 'auditor' | 'viewer';
export const ROLES: readonly Role[] = ['owner', 'admin', 'approver', 'auditor', 'viewer'];

export interface OrgCreated {
  org_id: string;
  name: string;
}

export interface MemberAdded {
  member_id: string;
  org_id: string;
  email: string;
  display_name: string;
  role: Role;
  /**
   * Approvers limited to these tools; absent or null means every tool. Optional, so no version
   * bump: events written before it read as null.
   */
  tool_scope?: string[] | null;
}

export interface MemberRoleChanged {
  member_id: string;
  org_id: string;
  role: Role;
  previous_role: Role;
}

/** Only the fields that changed are present. */
export interface MemberUpdated {
  member_id: string;
  org_id: string;
  display_name?: string;
  tool_scope?: string[] | null;
}

export interface MemberRemoved {
  member_id: string;
  org_id: string;
  email: string;
  role: Role;
}

/**
 * The first sign-in through the OIDC issuer bound this membership to the issuer's subject
 * (issue 13): later sign-ins match by (issuer, subject), and another subject with the same
 * email is refused.
 */
export interface MemberIdentityLinked {
  member_id: string;
  org_id: string;
  issuer: string;
  subject: string;
}

export const orgStream = (id: string) => `org-${id}`;
export const memberStream = (id: string) => `member-${id}`;
