import { unwrap } from '../../api/client';
import type { AuditEvent } from '../../api/types';
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
      // The log reads oldest first: walk the week's pages and keep the last ten.
      const from = new Date(Date.now() - 7 * DAY_MS).toISOString();
      let latest: AuditEvent[] = [];
      let after: string | undefined;
      for (let page = 0; page < 5; page++) {
        const query = { agent_id: agentId, from, after, limit: 1000 };
        const answer = await unwrap(api.GET('/api/audit/events', { params: { query } }));
        latest = [...latest, ...answer.events].slice(-10);
        if (!answer.next_cursor) break;
        after = answer.next_cursor;
      }
      return latest.reverse();
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
