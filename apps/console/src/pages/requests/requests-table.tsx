import { useState } from 'react';
import { SEPARATION_OF_DUTIES_REASON, separationOfDutiesForbids } from '@authz/separation-of-duties';
import { memberLabel } from '../../api/lookups';
import type { AccessRequest, Grant, Member } from '../../api/types';
import { Link } from '../../router';
import { record } from '../../session/ability';
import { useAbility, useSignedIn } from '../../session/session';
import { Badge } from '../../ui/badge';
import { DataTable } from '../../ui/data-table';
import { humanDuration, Time } from '../../ui/time';
import { ApprovalProgress } from './approval-progress';
import { DecisionContext } from './decision-context';

interface Props {
  requests: AccessRequest[];
  members: Member[] | undefined;
  /** Grants by id (a grant's id is its request's), for how an approved request ended. */
  grants: Map<string, Grant>;
  /** The org's rule; until it loads, the default (on). */
  separationOfDuties: boolean | undefined;
  selected: Set<string>;
  onSelect: (id: string, on: boolean) => void;
  onDecide: (request: AccessRequest, verb: 'approve' | 'deny') => void;
}

export interface Block {
  reason: string;
  link: { to: string; label: string };
}

/**
 * Why this member's approval would be refused, or null: the API's own rules (libs/authz for
 * separation of duties; a second approval by the same member), known before the dialog opens.
 */
export function approvalBlock(
  r: AccessRequest,
  memberId: string,
  separationOfDuties: boolean | undefined,
): Block | null {
  if (
    separationOfDutiesForbids({
      ruleOn: separationOfDuties ?? true,
      agentRegisteredBy: r.agent_registered_by,
      memberId,
    })
  ) {
    return {
      reason: SEPARATION_OF_DUTIES_REASON,
      link: { to: '/overview#org-policy', label: 'The organisation’s policy' },
    };
  }
  if (r.approvals.some((a) => a.member_id === memberId)) {
    return {
      reason: 'You have approved this request already; the tool’s policy wants another approver too.',
      link: { to: `/tools/${r.tool_id}`, label: 'The tool’s approval policy' },
    };
  }
  return null;
}

const approvedFor = (r: AccessRequest) =>
  r.decided_at && r.expires_at
    ? Math.round((Date.parse(r.expires_at) - Date.parse(r.decided_at)) / 1000)
    : null;

function Duration({ r }: { r: AccessRequest }) {
  const asked = r.requested_duration_seconds
    ? humanDuration(r.requested_duration_seconds)
    : 'default (30 days)';
  const got = approvedFor(r);
  if (r.status === 'pending' || r.status === 'denied' || got === null) return <>{asked}</>;
  const shorter = r.requested_duration_seconds && got < r.requested_duration_seconds - 60;
  return (
    <>
      {humanDuration(got)} approved
      {shorter ? <span className="muted small"> (asked {asked})</span> : null}
    </>
  );
}

export function RequestsTable({
  requests,
  members,
  grants,
  separationOfDuties,
  selected,
  onSelect,
  onDecide,
}: Props) {
  const ability = useAbility();
  const { session } = useSignedIn();
  const [open, setOpen] = useState<Set<string>>(new Set());
  const canApprove = (r: AccessRequest) =>
    r.status === 'pending' &&
    ability.can('approve', record('AccessRequest', { tool_id: r.tool_id, agent_id: r.agent_id })) &&
    !approvalBlock(r, session.memberId, separationOfDuties);
  const anySelectable = requests.some(canApprove);
  return (
    <DataTable
      caption="Access requests"
      rows={requests}
      rowKey={(r) => r.id}
      empty="No requests here. New requests appear automatically."
      columns={[
        ...(anySelectable
          ? [
              {
                header: 'Select',
                cell: (r: AccessRequest) =>
                  canApprove(r) ? (
                    <input
                      type="checkbox"
                      checked={selected.has(r.id)}
                      onChange={(e) => onSelect(r.id, e.target.checked)}
                      aria-label={`Select ${r.agent_name} → ${r.tool_name}`}
                    />
                  ) : null,
              },
            ]
          : []),
        {
          header: 'Agent',
          cell: (r) => (
            <span>
              <Link to={`/agents/${r.agent_id}`}>{r.agent_name}</Link>
              <br />
              <span className="muted small">registered by {memberLabel(members, r.agent_registered_by)}</span>
            </span>
          ),
        },
        { header: 'Tool', cell: (r) => <Link to={`/tools/${r.tool_id}`}>{r.tool_name}</Link> },
        {
          header: 'Reason',
          className: 'wide',
          cell: (r) => (
            <>
              <span className="reason">{r.reason}</span>
              {r.status === 'pending' && (
                <details
                  className="decision-context"
                  onToggle={(e) => {
                    const isOpen = e.currentTarget.open;
                    setOpen((s) => {
                      const next = new Set(s);
                      if (isOpen) next.add(r.id);
                      else next.delete(r.id);
                      return next;
                    });
                  }}
                >
                  <summary>
                    History and policy
                    <span className="visually-hidden">
                      {' '}
                      for {r.agent_name} → {r.tool_name}
                    </span>
                  </summary>
                  {open.has(r.id) && <DecisionContext request={r} members={members} />}
                </details>
              )}
            </>
          ),
        },
        { header: 'Duration', cell: (r) => <Duration r={r} /> },
        { header: 'Age', cell: (r) => <Time iso={r.requested_at} relative /> },
        {
          header: 'Status',
          cell: (r) => {
            if (r.status === 'pending') return <ApprovalProgress request={r} members={members} />;
            const grant = grants.get(r.id);
            return (
              <span>
                <Badge value={r.status} />
                {r.decided_by && (
                  <span className="muted small"> by {memberLabel(members, r.decided_by)}</span>
                )}
                {r.denial_reason && <span className="small"> — {r.denial_reason}</span>}
                {r.status === 'revoked' && grant?.end_reason && (
                  <span className="small"> — {grant.end_reason}</span>
                )}
              </span>
            );
          },
        },
        {
          header: 'Actions',
          cell: (r) => {
            const subject = record('AccessRequest', { tool_id: r.tool_id, agent_id: r.agent_id });
            if (r.status !== 'pending') return null;
            if (ability.can('approve', 'AccessRequest') && !ability.can('approve', subject)) {
              return <span className="muted small">Outside your tools</span>;
            }
            const block = approvalBlock(r, session.memberId, separationOfDuties);
            const why = `why-${r.id}`;
            return (
              <div className="row-actions" role="group" aria-label={`${r.agent_name} → ${r.tool_name}`}>
                {ability.can('approve', subject) && (
                  <button
                    type="button"
                    className="button primary"
                    disabled={!!block}
                    aria-describedby={block ? why : undefined}
                    title={block?.reason}
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
                {block && ability.can('approve', subject) && (
                  <span id={why} className="muted small">
                    {block.reason} <Link to={block.link.to}>{block.link.label}</Link>
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
