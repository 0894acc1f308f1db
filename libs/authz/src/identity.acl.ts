import type { AbilityBuilder } from '@casl/ability';
import type { AppAbility, Principal } from './subjects';

/**
 * Members and roles: owners manage everyone; admins everyone but owners. Record-level checks
 * pass `role` (the member's current role) and `new_role` (the role asked for), so an admin can
 * neither touch an owner nor make anyone one. Anyone signed in may start an org of their own.
 */
export function identityAcl({ can, cannot }: AbilityBuilder<AppAbility>, principal: Principal): void {
  can('read', 'Member');
  can('create', 'Org');
  if (principal.role === 'owner') {
    can(['create', 'update', 'delete'], 'Member');
  }
  if (principal.role === 'admin') {
    can(['create', 'update', 'delete'], 'Member');
    cannot(['update', 'delete'], 'Member', { role: 'owner' });
    cannot(['create', 'update'], 'Member', { new_role: 'owner' });
  }
}
