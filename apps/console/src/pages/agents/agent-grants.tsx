import { unwrap } from '../../api/client';
import { useResource } from '../../api/use-resource';
import { Link } from '../../router';
import { Badge } from '../../ui/badge';
import { DataTable } from '../../ui/data-table';
import { Section } from '../../ui/page';
import { Loaded } from '../../ui/states';
import { Time } from '../../ui/time';

export function AgentGrants({ agentId }: { agentId: string }) {
  const grants = useResource(
    async (api) =>
      (
        await unwrap(
          api.GET('/api/admin/grants', {
            params: { query: { agent_id: agentId, status: 'all', limit: 200 } },
          }),
        )
      ).grants,
    [agentId],
  );
  return (
    <Section title="Grants" actions={<Link to={`/grants?agent_id=${agentId}`}>Manage grants</Link>}>
      <Loaded resource={grants} what="Grants">
        {(rows) => (
          <DataTable
            caption="Grants"
            rows={rows}
            rowKey={(g) => g.id}
            empty="No grants: this agent has no access to any tool."
            columns={[
              { header: 'Tool', cell: (g) => <Link to={`/tools/${g.tool_id}`}>{g.tool_name}</Link> },
              { header: 'Status', cell: (g) => <Badge value={g.status} /> },
              { header: 'Approved', cell: (g) => <Time iso={g.approved_at} /> },
              { header: 'Expires', cell: (g) => <Time iso={g.expires_at} /> },
              { header: 'Fetches', cell: (g) => g.vend_count },
              { header: 'Last fetch', cell: (g) => <Time iso={g.last_vended_at} relative /> },
            ]}
          />
        )}
      </Loaded>
    </Section>
  );
}
