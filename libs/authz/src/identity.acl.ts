import type { AbilityBuilder } from '@casl/ability';
import type { AppAbility, Principal } from './subjects';

/** Members and roles: owners manage everyone; admins everyone but owners. */
export function identityAcl({ can, cannot }: AbilityBuilder<AppAbility>, principal: Principal): void {
  can('read', 'Member');
  if (principal.role === 'owner') {
    can(['create', 'update', 'delete'], 'Member');
  }
  if (principal.role === 'admin') {
    can(['create', 'update', 'delete'], 'Member');
    cannot(['update', 'delete'], 'Member', { role: 'owner' });
    cannot(['create', 'update'], 'Member', { new_role: 'owner' });
  }
}
