import { DomainError } from '../../../common/src/domain-error';
import type { Decider } from '../../../event-store/src/decider';
import type { NewEvent } from '../../../event-store/src/event';
import { ROLES, type MemberRoleChanged, type MemberUpdated, type Role } from '../identity.events';
import { normaliseToolScope } from '../add-member/add-member.decider';
import { evolveMember, initialMemberState, type MemberState } from '../member.state';

export interface UpdateMember {
  memberId: string;
  role?: Role;
  displayName?: string;
  /** null lifts the limit; undefined leaves it alone. */
  toolScope?: string[] | null;
  /** Active owners of the org, this member included, read under the org lock. */
  activeOwners: number;
}

const sameScope = (a: string[] | null | undefined, b: string[] | null) =>
  JSON.stringify(a ?? null) === JSON.stringify(b);

/** Changes a role, a display name or a tool scope; an unchanged field yields no event. */
export const updateMemberDecider: Decider<MemberState, UpdateMember> = {
  initialState: initialMemberState,
  evolve: evolveMember,
  decide: (command, state) => {
    if (!state.exists) {
      throw new DomainError('not_found', 'not-found', `member ${command.memberId} was not found`);
    }
    if (state.removed) throw new DomainError('conflict', 'member-removed', 'the member has been removed');
    const base = { member_id: command.memberId, org_id: state.orgId! };
    const events: NewEvent[] = [];
    if (command.role !== undefined && command.role !== state.role) {
      if (!ROLES.includes(command.role)) {
        throw new DomainError('invalid', 'validation', `unknown role ${command.role}`);
      }
      if (state.role === 'owner' && command.activeOwners <= 1) {
        throw new DomainError(
          'conflict',
          'last-owner',
          'the last owner cannot be demoted: make someone else an owner first',
        );
      }
      const data: MemberRoleChanged = { ...base, role: command.role, previous_role: state.role! };
      events.push({ type: 'MemberRoleChanged', data: { ...data } });
    }
    const updated: MemberUpdated = { ...base };
    const displayName = command.displayName?.trim();
    if (displayName !== undefined) {
      if (displayName.length === 0) {
        throw new DomainError('invalid', 'validation', 'display_name cannot be blank');
      }
      if (displayName !== state.displayName) updated.display_name = displayName;
    }
    if (command.toolScope !== undefined) {
      const scope = normaliseToolScope(command.toolScope);
      if (!sameScope(state.toolScope, scope)) updated.tool_scope = scope;
    }
    if ('display_name' in updated || 'tool_scope' in updated) {
      events.push({ type: 'MemberUpdated', data: { ...updated } });
    }
    return events;
  },
};
