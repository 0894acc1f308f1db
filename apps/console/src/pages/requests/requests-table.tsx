import { SEPARATION_OF_DUTIES_REASON, separationOfDutiesForbids } from '@authz/separation-of-duties';
import { memberLabel } from '../../api/lookups';
import type { AccessRequest, Member } from '../../api/types';
import { Link } from '../../router';
import { record } from '../../session/ability';
import { useAbility, useSignedIn } from '../../session/session';
import { Badge } from '../../ui/badge';
import { DataTable } from '../../ui/data-table';
import { humanDuration, Time } from '../../ui/time';
import { ApprovalProgress } from './approval-progress';

interface Props {
  requests: AccessRequest[];
  members: Member[] | undefined;
  /** The org's rule; until it loads, the default (on). */
  separationOfDuties: boolean | undefined;
  onDecide: (request: AccessRequest, verb: 'approve' | 'deny') => void;
}

export function RequestsTable({ requests, members, separationOfDuties, onDecide }: Props) {
  const ability = useAbility();
  const { session } = useSignedIn();
  // The API's own rule (libs/authz): Approve is disabled, and says why, exactly when it would refuse.
  const ownAgent = (r: AccessRequest) =>
    separationOfDutiesForbids({
      ruleOn: separationOfDuties ?? true,
      agentRegisteredBy: r.agent_registered_by,
      memberId: session.memberId,
    });
  return (
    <DataTable
      caption="Access requests"
      rows={requests}
      rowKey={(r) => r.id}
      empty="No requests here. New requests appear automatically."
      columns={[
        { header: 'Agent', cell: (r) => <Link to={`/agents/${r.agent_id}`}>{r.agent_name}</Link> },
        { header: 'Tool', cell: (r) => <Link to={`/tools/${r.tool_id}`}>{r.tool_name}</Link> },
        { header: 'Reason', cell: (r) => <span className="reason">{r.reason}</span>, className: 'wide' },
        {
          header: 'Duration',
          cell: (r) =>
            r.requested_duration_seconds ? humanDuration(r.requested_duration_seconds) : 'default (30 days)',
        },
        { header: 'Age', cell: (r) => <Time iso={r.requested_at} relative /> },
        {
          header: 'Status',
          cell: (r) =>
            r.status === 'pending' ? (
              <ApprovalProgress request={r} members={members} />
            ) : (
              <span>
                <Badge value={r.status} />
                {r.decided_by && (
                  <span className="muted small"> by {memberLabel(members, r.decided_by)}</span>
                )}
                {r.denial_reason && <span className="small"> — {r.denial_reason}</span>}
              </span>
            ),
        },
        {
          header: 'Actions',
          cell: (r) => {
            const subject = record('AccessRequest', { tool_id: r.tool_id, agent_id: r.agent_id });
            if (r.status !== 'pending') return null;
            if (ability.can('approve', 'AccessRequest') && !ability.can('approve', subject)) {
              return <span className="muted small">Outside your tools</span>;
            }
            const blocked = ownAgent(r);
            const why = `sod-${r.id}`;
            return (
              <div className="row-actions" role="group" aria-label={`${r.agent_name} → ${r.tool_name}`}>
                {ability.can('approve', subject) && (
                  <button
                    type="button"
                    className="button primary"
                    disabled={blocked}
                    aria-describedby={blocked ? why : undefined}
                    title={blocked ? SEPARATION_OF_DUTIES_REASON : undefined}
                    onClick={() => onDecide(r, 'approve')}
                  >
                    Approve
                  </button>
                )}
                {ability.can('deny', subject) && (
                  <button type="button" className="button danger" onClick={() => onDecide(r, 'deny')}>
                    Deny
                  </button>
                )}
                {blocked && ability.can('approve', subject) && (
                  <span id={why} className="muted small">
                    {SEPARATION_OF_DUTIES_REASON}
                  </span>
                )}
              </div>
            );
          },
        },
      ]}
    />
  );
}
