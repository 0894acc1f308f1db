import { DomainError } from '../../../common/src/domain-error';
import type { Decider } from '../../../event-store/src/decider';
import type { OrgCreated } from '../identity.events';

export interface CreateOrg {
  orgId: string;
  name: string;
}

export type OrgState = { exists: false } | { exists: true; name: string };

export const orgDecider: Decider<OrgState, CreateOrg> = {
  initialState: () => ({ exists: false }),
  evolve: (state, event) => {
    if (event.type === 'OrgCreated')
      return { exists: true, name: (event.data as unknown as OrgCreated).name };
    return state;
  },
  decide: (command, state) => {
    if (state.exists) throw new DomainError('conflict', 'org-exists', `org ${command.orgId} already exists`);
    const name = command.name.trim();
    if (name.length < 1 || name.length > 100) {
      throw new DomainError('invalid', 'validation', 'an org name has 1 to 100 characters');
    }
    const data: OrgCreated = { org_id: command.orgId, name };
    return [{ type: 'OrgCreated', data: { ...data } }];
  },
};
