import { unwrap } from '../../api/client';
import { useResource } from '../../api/use-resource';
import { Link } from '../../router';
import { Section } from '../../ui/page';
import { Loaded } from '../../ui/states';
import { EventList } from '../audit/event-list';

const DAY_MS = 86_400_000;

/** The agent's last events of the past week, newest first, naming the tools (audit readers only). */
export function AgentActivity({ agentId }: { agentId: string }) {
  const events = useResource(
    async (api) => {
      const from = new Date(Date.now() - 7 * DAY_MS).toISOString();
      const query = { agent_id: agentId, from, order: 'desc' as const, limit: 10 };
      return (await unwrap(api.GET('/api/audit/events', { params: { query } }))).events;
    },
    [agentId],
  );
  return (
    <Section
      title="Recent activity"
      actions={<Link to={`/audit?agent_id=${agentId}&range=7d`}>Open in the audit log</Link>}
    >
      <Loaded resource={events} what="Recent activity">
        {(rows) =>
          rows.length === 0 ? (
            <p className="empty">Nothing in the past seven days.</p>
          ) : (
            <EventList events={rows} label="Recent activity" />
          )
        }
      </Loaded>
    </Section>
  );
}
