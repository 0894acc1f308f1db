import type { AppAbility } from '../../authz/src/subjects';
import { DomainError } from '../../common/src/domain-error';

/** Routes that carry a credential alongside tool fields also need the Secret permission. */
export function assertMaySetSecret(ability: AppAbility): void {
  if (!ability.can('create', 'Secret')) {
    throw new DomainError('forbidden', 'forbidden', 'your role may not set tool secrets');
  }
}
