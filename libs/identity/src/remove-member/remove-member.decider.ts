import { DomainError } from '../../../common/src/domain-error';
import type { Decider } from '../../../event-store/src/decider';
import type { MemberRemoved } from '../identity.events';
import { evolveMember, initialMemberState, type MemberState } from '../member.state';

export interface RemoveMember {
  memberId: string;
  /** Active owners of the org, this member included, read under the org lock. */
  activeOwners: number;
}

/** Removal is final for this member id; removing twice is a no-op, not an error. */
export const removeMemberDecider: Decider<MemberState, RemoveMember> = {
  initialState: initialMemberState,
  evolve: evolveMember,
  decide: (command, state) => {
    if (!state.exists) {
      throw new DomainError('not_found', 'not-found', `member ${command.memberId} was not found`);
    }
    if (state.removed) return [];
    if (state.role === 'owner' && command.activeOwners <= 1) {
      throw new DomainError(
        'conflict',
        'last-owner',
        'the last owner cannot be removed: make someone else an owner first',
      );
    }
    const data: MemberRemoved = {
      member_id: command.memberId,
      org_id: state.orgId!,
      email: state.email!,
      role: state.role!,
    };
    return [{ type: 'MemberRemoved', data: { ...data } }];
  },
};
