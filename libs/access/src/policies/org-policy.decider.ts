import { DomainError } from '../../../common/src/domain-error';
import type { Decider } from '../../../event-store/src/decider';
import type { OrgPolicyChanged } from './policy.events';

export interface SetSeparationOfDuties {
  orgId: string;
  on: boolean;
  reason: string;
}

/** The org's approval rules as its stream (`org-{id}`) has them: separation of duties is on until turned off. */
export interface OrgPolicyState {
  separationOfDuties: boolean;
}

/**
 * Turning separation of duties on or off is a fact with its who (the metadata), its from and to,
 * and why. Setting the value it already has records nothing.
 */
export const orgPolicyDecider: Decider<OrgPolicyState, SetSeparationOfDuties> = {
  initialState: () => ({ separationOfDuties: true }),
  evolve: (state, event) =>
    event.type === 'OrgPolicyChanged'
      ? { separationOfDuties: (event.data as unknown as OrgPolicyChanged).separation_of_duties }
      : state,
  decide: (command, state) => {
    const reason = command.reason.trim();
    if (reason.length < 3 || reason.length > 500) {
      throw new DomainError('invalid', 'validation', 'reason: say why, in 3 to 500 characters', {
        errors: [{ field: 'reason', message: 'must be 3 to 500 characters' }],
      });
    }
    if (state.separationOfDuties === command.on) return [];
    const data: OrgPolicyChanged = {
      org_id: command.orgId,
      separation_of_duties: command.on,
      previous_separation_of_duties: state.separationOfDuties,
      reason,
    };
    return [{ type: 'OrgPolicyChanged', data: { ...data } }];
  },
};
