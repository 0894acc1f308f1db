import { DomainError } from '../../../common/src/domain-error';
import type { Decider } from '../../../event-store/src/decider';
import { ROLES, type MemberAdded, type Role } from '../identity.events';
import { evolveMember, initialMemberState, type MemberState } from '../member.state';

export type { MemberState };

export interface AddMember {
  memberId: string;
  orgId: string;
  email: string;
  displayName?: string;
  role: Role;
  toolScope?: string[] | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** A tool scope is a non-empty set of tool ids, or null for every tool. */
export function normaliseToolScope(scope: string[] | null | undefined): string[] | null {
  if (scope === undefined || scope === null) return null;
  const unique = [...new Set(scope)];
  if (unique.length === 0) {
    // An empty list would read as "no limit" to the ACL: refuse it rather than widen access.
    throw new DomainError(
      'invalid',
      'validation',
      'tool_scope lists at least one tool, or is null for every tool',
      {
        errors: [{ field: 'tool_scope', message: 'must list at least one tool id, or be null' }],
      },
    );
  }
  return unique;
}

export const memberDecider: Decider<MemberState, AddMember> = {
  initialState: initialMemberState,
  evolve: evolveMember,
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
    const toolScope = normaliseToolScope(command.toolScope);
    if (toolScope) data.tool_scope = toolScope;
    return [{ type: 'MemberAdded', data: { ...data } }];
  },
};
