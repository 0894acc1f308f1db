import type { StoredEvent } from '../../event-store/src/event';
import type { MemberAdded, MemberUpdated, Role } from './identity.events';

/** One member stream folded: what every member decider decides against. */
export interface MemberState {
  exists: boolean;
  orgId?: string;
  email?: string;
  displayName?: string;
  role?: Role;
  toolScope?: string[] | null;
  removed?: boolean;
}

export const initialMemberState = (): MemberState => ({ exists: false });

export function evolveMember(state: MemberState, event: Pick<StoredEvent, 'type' | 'data'>): MemberState {
  switch (event.type) {
    case 'MemberAdded': {
      const d = event.data as unknown as MemberAdded;
      return {
        exists: true,
        orgId: d.org_id,
        email: d.email,
        displayName: d.display_name,
        role: d.role,
        toolScope: d.tool_scope ?? null,
      };
    }
    case 'MemberRoleChanged':
      return { ...state, role: event.data.role as Role };
    case 'MemberUpdated': {
      const d = event.data as unknown as MemberUpdated;
      return {
        ...state,
        ...(d.display_name !== undefined && { displayName: d.display_name }),
        ...(d.tool_scope !== undefined && { toolScope: d.tool_scope }),
      };
    }
    case 'MemberRemoved':
      return { ...state, removed: true };
    default:
      return state;
  }
}
