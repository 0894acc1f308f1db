import type { AbilityBuilder } from '@casl/ability';
import type { AppAbility, Principal } from './subjects';

/**
 * Members and roles: owners manage everyone; admins everyone but owners. Record-level checks
 * pass `role` (the member's current role) and `new_role` (the role asked for), so an admin can
 * neither touch an owner nor make anyone one. Creating an org is installation-wide, so the
 * installation decides who may (issue 13): by default only an owner, since whoever creates an
 * org owns it.
 */
export function identityAcl({ can, cannot }: AbilityBuilder<AppAbility>, principal: Principal): void {
  can('read', 'Member');
  const orgCreation = principal.orgCreation ?? 'owners';
  if (orgCreation === 'members' || (orgCreation === 'owners' && principal.role === 'owner')) {
    can('create', 'Org');
  }
  if (principal.role === 'owner') {
    can(['create', 'update', 'delete'], 'Member');
  }
  if (principal.role === 'admin') {
    can(['create', 'update', 'delete'], 'Member');
    cannot(['update', 'delete'], 'Member', { role: 'owner' });
    cannot(['create', 'update'], 'Member', { new_role: 'owner' });
  }
}
