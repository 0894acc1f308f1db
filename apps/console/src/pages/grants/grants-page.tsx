import { useState } from 'react';
import { unwrap } from '../../api/client';
import { useAgents, useMembers, useTools } from '../../api/lookups';
import type { Grant } from '../../api/types';
import { useResource } from '../../api/use-resource';
import { Link, useLocation } from '../../router';
import { record } from '../../session/ability';
import { useAbility, useApi } from '../../session/session';
import { useAnnounce } from '../../ui/announcer';
import { Badge } from '../../ui/badge';
import { DataTable } from '../../ui/data-table';
import { byText, byTime, ListControls, useListControls } from '../../ui/list-controls';
import { Page } from '../../ui/page';
import { ReasonDialog } from '../../ui/reason-dialog';
import { Loaded } from '../../ui/states';
import { grantUsageColumns } from './grant-usage-columns';

type Status = 'active' | 'revoked' | 'expired' | 'all';

export function GrantsPage() {
  const { query } = useLocation();
  const api = useApi();
  const ability = useAbility();
  const announce = useAnnounce();
  const [agentId, setAgentId] = useState(query.get('agent_id') ?? '');
  const [toolId, setToolId] = useState(query.get('tool_id') ?? '');
  const [status, setStatus] = useState<Status>((query.get('status') as Status | null) ?? 'active');
  const [revoking, setRevoking] = useState<Grant | null>(null);
  const agents = useAgents();
  const tools = useTools();
  const members = useMembers();
  const grants = useResource(
    async (a) =>
      (
        await unwrap(
          a.GET('/api/admin/grants', {
            params: {
              query: { agent_id: agentId || undefined, tool_id: toolId || undefined, status, limit: 200 },
            },
          }),
        )
      ).grants,
    [agentId, toolId, status],
  );
  const list = useListControls(
    grants.data,
    (g) => `${g.agent_name} ${g.tool_name} ${g.status} ${g.reason} ${g.end_reason ?? ''}`,
    [
      { label: 'newest approval first', compare: byTime((g) => g.approved_at) },
      { label: 'most fetches', compare: (a, b) => b.vend_count - a.vend_count },
      { label: 'last fetch', compare: byTime((g) => g.last_vended_at) },
      { label: 'agent', compare: byText((g) => g.agent_name) },
      { label: 'tool', compare: byText((g) => g.tool_name) },
    ],
  );
  const revoke = async (grant: Grant, reason: string) => {
    await unwrap(
      api.POST('/api/admin/grants/{grantId}/revoke', {
        params: { path: { grantId: grant.id } },
        body: { reason },
      }),
    );
    setRevoking(null);
    announce(`Revoked ${grant.agent_name}’s access to ${grant.tool_name}. No fetch succeeds from now on.`);
    grants.reload();
  };
  return (
    <Page title="Grants">
      <form className="filters" aria-label="Filter grants" onSubmit={(e) => e.preventDefault()}>
        <label>
          Agent
          <select value={agentId} onChange={(e) => setAgentId(e.target.value)}>
            <option value="">All agents</option>
            {agents.data?.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Tool
          <select value={toolId} onChange={(e) => setToolId(e.target.value)}>
            <option value="">All tools</option>
            {tools.data?.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value as Status)}>
            <option value="active">active</option>
            <option value="revoked">revoked</option>
            <option value="expired">expired</option>
            <option value="all">all</option>
          </select>
        </label>
      </form>
      <ListControls controls={list} label="grants" placeholder="agent, tool or reason" />
      <Loaded resource={grants} what="Grants">
        {() => (
          <DataTable
            caption="Grants"
            rows={list.shown}
            rowKey={(g) => g.id}
            empty="No grants match these filters."
            columns={[
              { header: 'Agent', cell: (g) => <Link to={`/agents/${g.agent_id}`}>{g.agent_name}</Link> },
              { header: 'Tool', cell: (g) => <Link to={`/tools/${g.tool_id}`}>{g.tool_name}</Link> },
              {
                header: 'Status',
                cell: (g) => (
                  <>
                    <Badge value={g.status} />
                    {g.end_reason && <span className="small"> — {g.end_reason}</span>}
                  </>
                ),
              },
              ...grantUsageColumns(members.data),
              ...(ability.can('read', 'AuditLog')
                ? [
                    {
                      header: 'History',
                      cell: (g: Grant) => (
                        <Link
                          to={`/audit?grant=${g.id}`}
                          aria-label={`Timeline of ${g.agent_name} → ${g.tool_name}`}
                        >
                          Timeline
                        </Link>
                      ),
                    },
                  ]
                : []),
              {
                header: 'Actions',
                cell: (g) =>
                  g.status === 'active' &&
                  ability.can('revoke', record('Grant', { tool_id: g.tool_id, agent_id: g.agent_id })) && (
                    <button type="button" className="button danger small" onClick={() => setRevoking(g)}>
                      Revoke
                    </button>
                  ),
              },
            ]}
          />
        )}
      </Loaded>
      {revoking && (
        <ReasonDialog
          title={`Revoke ${revoking.agent_name} → ${revoking.tool_name}`}
          submitLabel="Revoke"
          danger
          onSubmit={(reason) => revoke(revoking, reason)}
          onClose={() => setRevoking(null)}
        >
          <p>The agent’s next fetch is refused, on every instance, as soon as you confirm.</p>
        </ReasonDialog>
      )}
    </Page>
  );
}
