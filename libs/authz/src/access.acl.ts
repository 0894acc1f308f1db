import type { AbilityBuilder } from '@casl/ability';
import type { AppAbility, Principal } from './subjects';

/**
 * Approving, denying and revoking; approvers may be limited to listed tools. The org's approval
 * rules (separation of duties) bind owners, admins and approvers alike, so only an owner may
 * change them: an admin the rule stops must not be able to lift it (issue 13).
 */
export function accessAcl({ can }: AbilityBuilder<AppAbility>, principal: Principal): void {
  can('read', ['AccessRequest', 'Grant', 'OrgPolicy']);
  if (principal.role === 'owner') can('update', 'OrgPolicy');
  if (principal.role === 'owner' || principal.role === 'admin') {
    can(['approve', 'deny'], 'AccessRequest');
    can('revoke', 'Grant');
  }
  if (principal.role === 'approver') {
    const scope = principal.toolScope;
    if (scope && scope.length > 0) {
      can(['approve', 'deny'], 'AccessRequest', { tool_id: { $in: scope } });
      can('revoke', 'Grant', { tool_id: { $in: scope } });
    } else {
      can(['approve', 'deny'], 'AccessRequest');
      can('revoke', 'Grant');
    }
  }
}
