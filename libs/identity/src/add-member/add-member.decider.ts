import { DomainError } from '../../../common/src/domain-error';
import type { Decider } from '../../../event-store/src/decider';
import { ROLES, type MemberAdded, type Role } from '../identity.events';

export interface AddMember {
  memberId: string;
  orgId: string;
  email: string;
  displayName?: string;
  role: Role;
}

export interface MemberState {
  exists: boolean;
  orgId?: string;
  role?: Role;
  removed?: boolean;
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

export const memberDecider: Decider<MemberState, AddMember> = {
  initialState: () => ({ exists: false }),
  evolve: (state, event) => {
    switch (event.type) {
      case 'MemberAdded': {
        const d = event.data as unknown as MemberAdded;
        return { exists: true, orgId: d.org_id, role: d.role };
      }
      case 'MemberRoleChanged':
        return { ...state, role: event.data.role as Role };
      case 'MemberRemoved':
        return { ...state, removed: true };
      default:
        return state;
    }
  },
  decide: (command, state) => {
    if (state.exists) throw new DomainError('conflict', 'member-exists', 'the member already exists');
    const email = command.email.trim().toLowerCase();
    if (!EMAIL.test(email)) throw new DomainError('invalid', 'validation', 'email is not an email address');
    if (!ROLES.includes(command.role))
      throw new DomainError('invalid', 'validation', `unknown role ${command.role}`);
    const data: MemberAdded = {
      member_id: command.memberId,
      org_id: command.orgId,
      email,
      display_name: command.displayName?.trim() || email,
      role: command.role,
    };
    return [{ type: 'MemberAdded', data: { ...data } }];
  },
};
