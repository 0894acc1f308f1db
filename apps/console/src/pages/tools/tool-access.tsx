import { unwrap } from '../../api/client';
import { useMembers } from '../../api/lookups';
import { useResource } from '../../api/use-resource';
import { Link } from '../../router';
import { useAbility } from '../../session/session';
import { DataTable } from '../../ui/data-table';
import { Section } from '../../ui/page';
import { Loaded } from '../../ui/states';
import { EventList } from '../audit/event-list';
import { grantUsageColumns } from '../grants/grant-usage-columns';

/** Who can fetch this tool's credential now, and (for audit readers) who fetched it last. */
export function ToolAccess({ toolId }: { toolId: string }) {
  const ability = useAbility();
  const members = useMembers();
  const holders = useResource(
    async (api) =>
      (
        await unwrap(
          api.GET('/api/admin/grants', {
            params: { query: { tool_id: toolId, status: 'active', limit: 200 } },
          }),
        )
      ).grants,
    [toolId],
  );
  const auditor = ability.can('read', 'AuditLog');
  const fetches = useResource(
    async (api) => {
      const query = {
        tool_id: toolId,
        type: 'CredentialVended,CredentialDenied',
        order: 'desc' as const,
        limit: 10,
      };
      return (await unwrap(api.GET('/api/audit/events', { params: { query } }))).events;
    },
    [toolId],
    { skip: !auditor },
  );
  return (
    <>
      <Section
        title="Who holds access"
        actions={<Link to={`/grants?tool_id=${toolId}&status=all`}>Every grant</Link>}
      >
        <Loaded resource={holders} what="Access holders">
          {(rows) => (
            <DataTable
              caption="Agents holding access"
              rows={rows}
              rowKey={(g) => g.id}
              empty="No agent holds access to this tool."
              columns={[
                { header: 'Agent', cell: (g) => <Link to={`/agents/${g.agent_id}`}>{g.agent_name}</Link> },
                ...grantUsageColumns(members.data),
              ]}
            />
          )}
        </Loaded>
      </Section>
      {auditor && (
        <Section
          title="Recent fetches"
          actions={
            <Link to={`/audit?tool_id=${toolId}&type=CredentialVended&range=7d`}>In the audit log</Link>
          }
        >
          <Loaded resource={fetches} what="Recent fetches">
            {(rows) =>
              rows.length === 0 ? (
                <p className="empty">No agent has fetched this credential yet.</p>
              ) : (
                <EventList events={rows} label="Recent fetches" />
              )
            }
          </Loaded>
        </Section>
      )}
    </>
  );
}
