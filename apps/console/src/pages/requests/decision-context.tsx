import { cached, unwrap } from '../../api/client';
import { memberLabel } from '../../api/lookups';
import type { AccessRequest, Member } from '../../api/types';
import { useResource } from '../../api/use-resource';
import { Link } from '../../router';
import { Badge } from '../../ui/badge';
import { Loaded } from '../../ui/states';
import { humanDuration, Time } from '../../ui/time';

/**
 * What an approver weighs before deciding: who registered the agent, what it holds and held,
 * what was refused it, how much it fetches, and the tool's policy.
 */
export function DecisionContext({
  request,
  members,
}: {
  request: AccessRequest;
  members: Member[] | undefined;
}) {
  const context = useResource(
    async (api) => {
      const agent = { agent_id: request.agent_id, status: 'all' as const, limit: 200 };
      const [grants, requests, policy] = await Promise.all([
        unwrap(api.GET('/api/admin/grants', { params: { query: agent } })),
        unwrap(api.GET('/api/admin/requests', { params: { query: agent } })),
        cached(api, `policy:${request.tool_id}`, 30_000, async () => {
          const path = { toolId: request.tool_id };
          return (await unwrap(api.GET('/api/admin/tools/{toolId}/policy', { params: { path } }))).policy;
        }),
      ]);
      return {
        grants: grants.grants,
        requests: requests.requests.filter((r) => r.id !== request.id),
        policy,
      };
    },
    [request.id],
  );
  return (
    <Loaded resource={context} what="The agent’s history">
      {({ grants, requests, policy }) => {
        const fetches = grants.reduce((n, g) => n + g.vend_count, 0);
        const denied = requests.filter((r) => r.status === 'denied');
        const active = grants.filter((g) => g.status === 'active');
        return (
          <div className="decision-body">
            <p>
              Registered by <strong>{memberLabel(members, request.agent_registered_by)}</strong>.{' '}
              {active.length} active grant{active.length === 1 ? '' : 's'}, {grants.length} in all;{' '}
              {denied.length} denied request{denied.length === 1 ? '' : 's'}; {fetches} fetch
              {fetches === 1 ? '' : 'es'}.
            </p>
            {grants.length > 0 && (
              <ul aria-label="Grants of this agent">
                {grants.map((g) => (
                  <li key={g.id}>
                    <Link to={`/tools/${g.tool_id}`}>{g.tool_name}</Link> <Badge value={g.status} />{' '}
                    {g.vend_count} fetch
                    {g.vend_count === 1 ? '' : 'es'}
                    {g.last_vended_at && (
                      <>
                        , last <Time iso={g.last_vended_at} relative />
                      </>
                    )}
                    {g.end_reason && <span className="small"> — {g.end_reason}</span>}
                  </li>
                ))}
              </ul>
            )}
            {denied.length > 0 && (
              <ul aria-label="Denied requests of this agent">
                {denied.map((r) => (
                  <li key={r.id}>
                    {r.tool_name} <Badge value="denied" /> {r.denial_reason && <q>{r.denial_reason}</q>}{' '}
                    <span className="muted small">
                      (<Time iso={r.decided_at} relative />)
                    </span>
                  </li>
                ))}
              </ul>
            )}
            <p>
              <Link to={`/tools/${request.tool_id}`}>{request.tool_name}’s policy</Link>:{' '}
              {policy.required_approvals} approval{policy.required_approvals === 1 ? '' : 's'} needed
              {policy.max_duration_seconds ? `, at most ${humanDuration(policy.max_duration_seconds)}` : ''}
              {policy.auto_approve ? ', some requests approved automatically' : ''}.
            </p>
          </div>
        );
      }}
    </Loaded>
  );
}
