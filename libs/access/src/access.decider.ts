import { DomainError } from '../../common/src/domain-error';
import type { Decider } from '../../event-store/src/decider';
import type { NewEvent } from '../../event-store/src/event';
import type {
  AccessApproved,
  AccessDenied,
  AccessRequested,
  AccessRequestExpired,
  AccessStatus,
  GrantExpired,
  GrantRevoked,
} from './access.events';

export type AccessCommand =
  | {
      kind: 'request';
      requestId: string;
      orgId: string;
      agentId: string;
      toolId: string;
      reason: string;
      durationSeconds: number | null;
    }
  | {
      kind: 'approve';
      memberId: string;
      note: string | null;
      durationSeconds: number | null;
      now: Date;
      /** From the tool's approval policy. */
      requiredApprovals: number;
      maxDurationSeconds: number | null;
      defaultDurationSeconds: number;
      rule?: string;
    }
  | { kind: 'deny'; memberId: string; reason: string }
  | { kind: 'revoke'; memberId: string; reason: string; now: Date }
  | { kind: 'expire'; now: Date };

export interface AccessState {
  exists: boolean;
  requestId: string;
  agentId: string;
  toolId: string;
  status: AccessStatus;
  requestedDurationSeconds: number | null;
  approvers: string[];
  expiresAt: string | null;
}

const event = (type: string, data: object): NewEvent => ({
  type,
  data: { ...data },
});

/** An approved grant whose expiry has passed is expired, whether or not GrantExpired is recorded yet. */
export function effectiveStatus(state: Pick<AccessState, 'status' | 'expiresAt'>, now: Date): AccessStatus {
  if (state.status === 'approved' && state.expiresAt && new Date(state.expiresAt) <= now) return 'expired';
  return state.status;
}

export const accessDecider: Decider<AccessState, AccessCommand> = {
  initialState: () => ({
    exists: false,
    requestId: '',
    agentId: '',
    toolId: '',
    status: 'pending',
    requestedDurationSeconds: null,
    approvers: [],
    expiresAt: null,
  }),

  evolve(state, e) {
    const d = e.data;
    switch (e.type) {
      case 'AccessRequested': {
        const r = d as unknown as AccessRequested;
        return {
          ...state,
          exists: true,
          requestId: r.request_id,
          agentId: r.agent_id,
          toolId: r.tool_id,
          status: 'pending',
          requestedDurationSeconds: r.duration_seconds,
        };
      }
      case 'AccessApprovalRecorded':
        return { ...state, approvers: [...state.approvers, d.approved_by as string] };
      case 'AccessApproved': {
        const a = d as unknown as AccessApproved;
        return {
          ...state,
          status: 'approved',
          expiresAt: a.expires_at,
          approvers: [...new Set([...state.approvers, a.approved_by])],
        };
      }
      case 'AccessDenied':
        return { ...state, status: 'denied' };
      case 'GrantRevoked':
        return { ...state, status: 'revoked' };
      case 'GrantExpired':
      case 'AccessRequestExpired':
        return { ...state, status: 'expired' };
      default:
        return state;
    }
  },

  decide(command, state) {
    if (command.kind === 'request') {
      if (state.exists) throw new DomainError('conflict', 'request-exists', 'the request already exists');
      const data: AccessRequested = {
        request_id: command.requestId,
        org_id: command.orgId,
        agent_id: command.agentId,
        tool_id: command.toolId,
        reason: command.reason.trim(),
        duration_seconds: command.durationSeconds,
      };
      return [event('AccessRequested', data)];
    }
    if (!state.exists) throw new DomainError('not_found', 'not-found', 'the request was not found');
    const ids = { agent_id: state.agentId, tool_id: state.toolId };
    switch (command.kind) {
      case 'approve': {
        if (state.status !== 'pending') {
          throw new DomainError('conflict', 'not-pending', `the request is ${state.status}, not pending`);
        }
        if (state.approvers.includes(command.memberId)) {
          throw new DomainError(
            'conflict',
            'already-approved',
            'you have already approved this request; it needs another approver',
          );
        }
        const requested = state.requestedDurationSeconds;
        if (command.durationSeconds !== null && requested !== null && command.durationSeconds > requested) {
          throw new DomainError(
            'invalid',
            'validation',
            `the agent asked for ${requested} seconds; an approval may shorten that, not extend it`,
            {
              errors: [{ field: 'duration_seconds', message: `must be at most ${requested}` }],
            },
          );
        }
        let duration = command.durationSeconds ?? requested ?? command.defaultDurationSeconds;
        if (command.maxDurationSeconds !== null) duration = Math.min(duration, command.maxDurationSeconds);
        const approvals = state.approvers.length + 1;
        if (approvals < command.requiredApprovals) {
          return [
            event('AccessApprovalRecorded', {
              request_id: state.requestId,
              ...ids,
              approved_by: command.memberId,
              note: command.note,
              approvals,
              required_approvals: command.requiredApprovals,
            }),
          ];
        }
        const approved: AccessApproved = {
          request_id: state.requestId,
          ...ids,
          approved_by: command.memberId,
          note: command.note,
          duration_seconds: duration,
          approved_at: command.now.toISOString(),
          expires_at: new Date(command.now.getTime() + duration * 1000).toISOString(),
          ...(command.rule ? { rule: command.rule } : {}),
        };
        return [event('AccessApproved', approved)];
      }
      case 'deny': {
        if (state.status !== 'pending') {
          throw new DomainError('conflict', 'not-pending', `the request is ${state.status}, not pending`);
        }
        const denied: AccessDenied = {
          request_id: state.requestId,
          ...ids,
          denied_by: command.memberId,
          reason: command.reason.trim(),
        };
        return [event('AccessDenied', denied)];
      }
      case 'revoke': {
        const status = effectiveStatus(state, command.now);
        if (status !== 'approved')
          throw new DomainError('conflict', 'not-active', `the grant is ${status}, not active`);
        const revoked: GrantRevoked = {
          grant_id: state.requestId,
          ...ids,
          revoked_by: command.memberId,
          reason: command.reason.trim(),
        };
        return [event('GrantRevoked', revoked)];
      }
      case 'expire': {
        if (state.status === 'pending') {
          const expired: AccessRequestExpired = {
            request_id: state.requestId,
            ...ids,
            expired_at: command.now.toISOString(),
          };
          return [event('AccessRequestExpired', expired)];
        }
        if (state.status === 'approved' && effectiveStatus(state, command.now) === 'expired') {
          const expired: GrantExpired = { grant_id: state.requestId, ...ids, expired_at: state.expiresAt! };
          return [event('GrantExpired', expired)];
        }
        return [];
      }
    }
  },
};
