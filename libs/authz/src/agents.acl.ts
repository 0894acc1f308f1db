import type { AbilityBuilder } from '@casl/ability';
import type { AppAbility, Principal } from './subjects';

/** Registering agents and their keys is an admin's job; suspension is also an approver's. */
export function agentsAcl({ can }: AbilityBuilder<AppAbility>, principal: Principal): void {
  can('read', 'Agent');
  if (principal.role === 'owner' || principal.role === 'admin') {
    can(['create', 'update'], 'Agent');
    can(['create', 'revoke'], 'AgentKey');
  }
  if (principal.role === 'owner' || principal.role === 'admin' || principal.role === 'approver') {
    can(['suspend', 'reactivate'], 'Agent');
  }
}
