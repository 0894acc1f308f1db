import { defineAbilityFor, rolesAllowed } from './ability.factory';
import { type Action, record as subject, type Role, ROLES, type SubjectName } from './subjects';

/** DESIGN.md's roles table, row by row: the allow/deny matrix every ACL must reproduce. */
const TABLE: Array<[string, Action, SubjectName, Role[]]> = [
  ['create an org (KEYLEDGER_ORG_CREATION=owners, the default)', 'create', 'Org', ['owner']],
  ['change the org policy (separation of duties)', 'update', 'OrgPolicy', ['owner']],
  ['read the org policy', 'read', 'OrgPolicy', ['owner', 'admin', 'approver', 'auditor', 'viewer']],
  ['read members', 'read', 'Member', ['owner', 'admin', 'approver', 'auditor', 'viewer']],
  ['add members', 'create', 'Member', ['owner', 'admin']],
  ['change roles', 'update', 'Member', ['owner', 'admin']],
  ['remove members', 'delete', 'Member', ['owner', 'admin']],
  ['add tools', 'create', 'Tool', ['owner', 'admin']],
  ['update tools', 'update', 'Tool', ['owner', 'admin']],
  ['retire tools', 'delete', 'Tool', ['owner', 'admin']],
  ['set secrets', 'update', 'Secret', ['owner', 'admin']],
  ['register agents', 'create', 'Agent', ['owner', 'admin']],
  ['issue keys', 'create', 'AgentKey', ['owner', 'admin']],
  ['revoke keys', 'revoke', 'AgentKey', ['owner', 'admin']],
  ['suspend agents', 'suspend', 'Agent', ['owner', 'admin', 'approver']],
  ['reactivate agents', 'reactivate', 'Agent', ['owner', 'admin', 'approver']],
  ['approve requests', 'approve', 'AccessRequest', ['owner', 'admin', 'approver']],
  ['deny requests', 'deny', 'AccessRequest', ['owner', 'admin', 'approver']],
  ['revoke grants', 'revoke', 'Grant', ['owner', 'admin', 'approver']],
  ['accept suggestions', 'accept', 'Suggestion', ['owner', 'admin']],
  ['dismiss suggestions', 'dismiss', 'Suggestion', ['owner', 'admin']],
  ['read catalog', 'read', 'Tool', ['owner', 'admin', 'approver', 'auditor', 'viewer']],
  ['read agents', 'read', 'Agent', ['owner', 'admin', 'approver', 'auditor', 'viewer']],
  ['read grants', 'read', 'Grant', ['owner', 'admin', 'approver', 'auditor', 'viewer']],
  ['read requests', 'read', 'AccessRequest', ['owner', 'admin', 'approver', 'auditor', 'viewer']],
  ['read the audit log', 'read', 'AuditLog', ['owner', 'admin', 'auditor']],
  ['export the audit log', 'export', 'AuditLog', ['owner', 'admin', 'auditor']],
  ['verify the audit log', 'verify', 'AuditLog', ['owner', 'admin', 'auditor']],
  ['read secret values', 'read_value', 'Secret', []],
  ['configure the Slack app (org settings, like webhooks)', 'update', 'Integration', ['owner', 'admin']],
  ['read the Slack app settings', 'read', 'Integration', ['owner', 'admin']],
];

describe('roles (DESIGN.md table)', () => {
  it.each(TABLE)('%s: %s %s → %j', (_row, action, subjectName, roles) => {
    expect(rolesAllowed(action, subjectName)).toEqual(roles);
  });

  it('lets admins manage members but never owners, nor make anyone an owner', () => {
    const admin = defineAbilityFor({ id: 'a', role: 'admin' });
    expect(admin.can('update', subject('Member', { role: 'viewer', new_role: 'approver' }))).toBe(true);
    expect(admin.can('update', subject('Member', { role: 'owner', new_role: 'admin' }))).toBe(false);
    expect(admin.can('update', subject('Member', { role: 'viewer', new_role: 'owner' }))).toBe(false);
    expect(admin.can('create', subject('Member', { new_role: 'owner' }))).toBe(false);
    expect(admin.can('delete', subject('Member', { role: 'owner' }))).toBe(false);
    expect(admin.can('delete', subject('Member', { role: 'admin' }))).toBe(true);
    expect(admin.can('update', subject('Member', { role: 'owner', new_role: 'owner' }))).toBe(false);
    expect(admin.can('create', subject('Member', { new_role: 'admin' }))).toBe(true);
    const owner = defineAbilityFor({ id: 'o', role: 'owner' });
    expect(owner.can('create', subject('Member', { new_role: 'owner' }))).toBe(true);
    expect(owner.can('update', subject('Member', { role: 'owner', new_role: 'admin' }))).toBe(true);
    expect(owner.can('delete', subject('Member', { role: 'owner' }))).toBe(true);
    for (const role of ['approver', 'auditor', 'viewer'] as const) {
      const other = defineAbilityFor({ id: role, role });
      expect(other.can('update', subject('Member', { role: 'viewer', new_role: 'viewer' }))).toBe(false);
    }
  });

  it('lets the installation decide who creates orgs: owners, any member, or no one', () => {
    const may = (orgCreation: 'owners' | 'members' | 'disabled') =>
      ROLES.filter((role) => defineAbilityFor({ id: role, role, orgCreation }).can('create', 'Org'));
    expect(may('owners')).toEqual(['owner']);
    expect(may('members')).toEqual(['owner', 'admin', 'approver', 'auditor', 'viewer']);
    expect(may('disabled')).toEqual([]);
  });

  it('limits an approver with a tool scope to those tools', () => {
    const approver = defineAbilityFor({ id: 'p', role: 'approver', toolScope: ['tool-a'] });
    expect(approver.can('approve', subject('AccessRequest', { tool_id: 'tool-a' }))).toBe(true);
    expect(approver.can('approve', subject('AccessRequest', { tool_id: 'tool-b' }))).toBe(false);
    expect(approver.can('revoke', subject('Grant', { tool_id: 'tool-b' }))).toBe(false);
    const unscoped = defineAbilityFor({ id: 'q', role: 'approver' });
    expect(unscoped.can('approve', subject('AccessRequest', { tool_id: 'tool-b' }))).toBe(true);
  });
});
