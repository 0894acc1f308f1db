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
}

export const orgStream = (id: string) => `org-${id}`;
export const memberStream = (id: string) => `member-${id}`;
