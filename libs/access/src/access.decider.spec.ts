import { deciderSpec } from '../../event-store/src/decider-spec';
import { accessDecider, type AccessCommand } from './access.decider';

const spec = deciderSpec(accessDecider);
const NOW = new Date('2026-11-29T12:00:00Z');
const requested = [
  {
    type: 'AccessRequested',
    data: {
      request_id: 'r1',
      org_id: 'o1',
      agent_id: 'a1',
      tool_id: 't1',
      reason: 'triage bugs',
      duration_seconds: 3600,
    },
  },
];
const approve = (over: Partial<Extract<AccessCommand, { kind: 'approve' }>> = {}): AccessCommand => ({
  kind: 'approve',
  memberId: 'm1',
  note: null,
  durationSeconds: null,
  now: NOW,
  requiredApprovals: 1,
  maxDurationSeconds: null,
  defaultDurationSeconds: 86_400,
  ...over,
});
const approved = [
  ...requested,
  {
    type: 'AccessApproved',
    data: { request_id: 'r1', approved_by: 'm1', expires_at: '2026-11-29T13:00:00.000Z' },
  },
];

describe('access decider', () => {
  it('given nothing, when an agent requests, then AccessRequested with the trimmed reason', () =>
    spec
      .given([])
      .when({
        kind: 'request',
        requestId: 'r1',
        orgId: 'o1',
        agentId: 'a1',
        toolId: 't1',
        reason: '  triage bugs ',
        durationSeconds: null,
      })
      .then([{ type: 'AccessRequested', data: { reason: 'triage bugs', duration_seconds: null } }]));

  it('given a request, when approved, then the clock starts at approval for the requested duration', () =>
    spec
      .given(requested)
      .when(approve())
      .then([
        {
          type: 'AccessApproved',
          data: {
            duration_seconds: 3600,
            approved_at: NOW.toISOString(),
            expires_at: '2026-11-29T13:00:00.000Z',
          },
        },
      ]));

  it('given a request, when approved for less, then the shorter duration', () =>
    spec
      .given(requested)
      .when(approve({ durationSeconds: 60 }))
      .then([{ type: 'AccessApproved', data: { duration_seconds: 60 } }]));

  it('given a request, when approved for longer than asked, then invalid', () =>
    spec
      .given(requested)
      .when(approve({ durationSeconds: 7200 }))
      .thenThrows({ kind: 'invalid' }));

  it('given a policy maximum, when approved, then capped at the maximum', () =>
    spec
      .given(requested)
      .when(approve({ maxDurationSeconds: 600 }))
      .then([{ type: 'AccessApproved', data: { duration_seconds: 600 } }]));

  it('given two required approvals, when the first approves, then only the approval is recorded', () =>
    spec
      .given(requested)
      .when(approve({ requiredApprovals: 2 }))
      .then([
        { type: 'AccessApprovalRecorded', data: { approved_by: 'm1', approvals: 1, required_approvals: 2 } },
      ]));

  it('given one of two approvals, when the same member approves again, then a conflict', () =>
    spec
      .given([...requested, { type: 'AccessApprovalRecorded', data: { approved_by: 'm1' } }])
      .when(approve({ requiredApprovals: 2 }))
      .thenThrows({ kind: 'conflict', type: 'already-approved' }));

  it('given one of two approvals, when another member approves, then AccessApproved', () =>
    spec
      .given([...requested, { type: 'AccessApprovalRecorded', data: { approved_by: 'm1' } }])
      .when(approve({ requiredApprovals: 2, memberId: 'm2' }))
      .then([{ type: 'AccessApproved', data: { approved_by: 'm2' } }]));

  it('given a request, when denied, then AccessDenied with the reason', () =>
    spec
      .given(requested)
      .when({ kind: 'deny', memberId: 'm1', reason: 'no' })
      .then([{ type: 'AccessDenied', data: { reason: 'no' } }]));

  it('given a grant, when approved or denied again, then a conflict', () => {
    spec.given(approved).when(approve()).thenThrows({ kind: 'conflict' });
    spec
      .given(approved)
      .when({ kind: 'deny', memberId: 'm1', reason: 'late' })
      .thenThrows({ kind: 'conflict' });
  });

  it('given an active grant, when revoked, then GrantRevoked', () =>
    spec
      .given(approved)
      .when({ kind: 'revoke', memberId: 'm2', reason: 'incident', now: NOW })
      .then([{ type: 'GrantRevoked', data: { revoked_by: 'm2', reason: 'incident' } }]));

  it('given a grant past its expiry, when revoked, then a conflict; when expired, then GrantExpired', () => {
    const later = new Date('2026-11-29T14:00:00Z');
    spec
      .given(approved)
      .when({ kind: 'revoke', memberId: 'm2', reason: 'x', now: later })
      .thenThrows({ kind: 'conflict' });
    spec
      .given(approved)
      .when({ kind: 'expire', now: later })
      .then([{ type: 'GrantExpired', data: { expired_at: '2026-11-29T13:00:00.000Z' } }]);
  });

  it('given an active grant, when the expiry sweep runs early, then nothing', () =>
    spec.given(approved).when({ kind: 'expire', now: NOW }).then([]));

  it('given a pending request, when it times out, then AccessRequestExpired', () =>
    spec
      .given(requested)
      .when({ kind: 'expire', now: NOW })
      .then([{ type: 'AccessRequestExpired' }]));
});
