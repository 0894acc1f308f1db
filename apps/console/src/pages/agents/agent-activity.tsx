import { unwrap } from '../../api/client';
import { useResource } from '../../api/use-resource';
import { Link } from '../../router';
import { DataTable } from '../../ui/data-table';
import { Section } from '../../ui/page';
import { Loaded } from '../../ui/states';
import { Time } from '../../ui/time';

const DAY_MS = 86_400_000;

/** The agent's last events of the past week, newest first (audit readers only). */
export function AgentActivity({ agentId }: { agentId: string }) {
  const events = useResource(
    async (api) => {
      const from = new Date(Date.now() - 7 * DAY_MS).toISOString();
      const page = await unwrap(
        api.GET('/api/audit/events', { params: { query: { agent_id: agentId, from, limit: 500 } } }),
      );
      return page.events.slice(-10).reverse();
    },
    [agentId],
  );
  return (
    <Section
      title="Recent activity"
      actions={<Link to={`/audit?agent_id=${agentId}`}>Open in the audit log</Link>}
    >
      <Loaded resource={events} what="Recent activity">
        {(rows) => (
          <DataTable
            caption="Recent activity"
            rows={rows}
            rowKey={(e) => e.position}
            empty="Nothing in the past seven days."
            columns={[
              { header: 'When', cell: (e) => <Time iso={e.occurred_at} relative /> },
              { header: 'Event', cell: (e) => e.type },
              { header: 'By', cell: (e) => `${e.metadata.actor.name} (${e.metadata.actor.type})` },
            ]}
          />
        )}
      </Loaded>
    </Section>
  );
}
