import { defineAbilityFor } from '@authz/ability.factory';
import { type AppAbility, type Role, record } from '@authz/subjects';

export type { AppAbility, Role };
export { record };

/**
 * The API's own abilities (libs/authz). An approver's tool scope is not in the login answer;
 * the session reads it from the member list, and until then the API's refusal still holds.
 */
export function abilityFor(memberId: string, role: Role, toolScope: string[] | null = null): AppAbility {
  return defineAbilityFor({ id: memberId, role, toolScope });
}
