import { type ForcedSubject, type MongoAbility, subject } from '@casl/ability';

/**
 * The vocabulary of permissions. Kept free of server-only imports: the console builds the
 * same abilities to decide which buttons to show (STYLE.md principle 9).
 */
export type Action =
  | 'manage'
  | 'create'
  | 'read'
  | 'update'
  | 'delete'
  | 'approve'
  | 'deny'
  | 'revoke'
  | 'suspend'
  | 'reactivate'
  | 'accept'
  | 'dismiss'
  | 'export'
  | 'verify'
  | 'read_value';

export type SubjectName =
  | 'Org'
  | 'OrgPolicy'
  | 'Member'
  | 'Agent'
  | 'AgentKey'
  | 'Tool'
  | 'Secret'
  | 'AccessRequest'
  | 'Grant'
  | 'Suggestion'
  | 'AuditLog'
  | 'Webhook'
  | 'Integration'
  | 'Config'
  | 'all';

/** Record-level checks pass plain objects tagged with their subject name (CASL `subject()`). */
type RecordName = Exclude<SubjectName, 'all'>;
export type TaggedRecord = { [N in RecordName]: ForcedSubject<N> & Record<string, unknown> }[RecordName];
export type AppAbility = MongoAbility<[Action, SubjectName | TaggedRecord]>;

/** A loaded record, tagged for record-level checks: `ability.can('approve', record('AccessRequest', row))`. */
export function record(name: RecordName, fields: Record<string, unknown>): TaggedRecord {
  return subject<RecordName, Record<string, unknown>>(name, { ...fields });
}

export type Role = 'owner' | 'admin' | 'approver' | 'auditor' | 'viewer';
export const ROLES: readonly Role[] = ['owner', 'admin', 'approver', 'auditor', 'viewer'];

/**
 * Who may create an org, an installation setting (KEYLEDGER_ORG_CREATION): owners of the org
 * they are signed in to, any signed-in member, or no one.
 */
export type OrgCreation = 'owners' | 'members' | 'disabled';

/** What the ability needs to know about the caller. */
export interface Principal {
  id: string;
  role: Role;
  /** Approvers limited to these tools; null means every tool. */
  toolScope?: string[] | null;
  /** The installation's org-creation setting; `owners` (the default) when absent. */
  orgCreation?: OrgCreation;
}
