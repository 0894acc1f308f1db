import { useState } from 'react';
import { unwrap } from '../../api/client';
import { useResource } from '../../api/use-resource';
import { Link, useLocation } from '../../router';
import { useAbility } from '../../session/session';
import { Badge } from '../../ui/badge';
import { DataTable } from '../../ui/data-table';
import { byText, byTime, ListControls, useListControls } from '../../ui/list-controls';
import { Page } from '../../ui/page';
import { Loaded } from '../../ui/states';
import { Time } from '../../ui/time';
import { RegisterAgentDialog } from './register-agent-dialog';

export function AgentsPage() {
  const ability = useAbility();
  // `?register=1` (the overview's Get started list) opens the dialog at once.
  const { query } = useLocation();
  const [registering, setRegistering] = useState(
    query.get('register') === '1' && ability.can('create', 'Agent'),
  );
  const agents = useResource(
    async (api) => (await unwrap(api.GET('/api/admin/agents', { params: { query: { limit: 200 } } }))).agents,
    [],
  );
  const list = useListControls(agents.data, (a) => `${a.name} ${a.description} ${a.status}`, [
    { label: 'name', compare: byText((a) => a.name) },
    { label: 'newest first', compare: byTime((a) => a.created_at) },
    { label: 'status', compare: byText((a) => a.status) },
  ]);
  return (
    <Page
      title="Agents"
      actions={
        ability.can('create', 'Agent') && (
          <button type="button" className="button primary" onClick={() => setRegistering(true)}>
            Register agent
          </button>
        )
      }
    >
      <ListControls controls={list} label="agents" placeholder="name or description" />
      <Loaded resource={agents} what="Agents">
        {() => (
          <DataTable
            caption="Agents"
            rows={list.shown}
            rowKey={(a) => a.id}
            empty="No agents yet. Register one to give it a key."
            columns={[
              { header: 'Name', cell: (a) => <Link to={`/agents/${a.id}`}>{a.name}</Link> },
              {
                header: 'Description',
                cell: (a) => a.description || <span className="muted">—</span>,
                className: 'wide',
              },
              { header: 'Status', cell: (a) => <Badge value={a.status} /> },
              { header: 'Active keys', cell: (a) => a.keys.filter((k) => k.status === 'active').length },
              { header: 'Registered', cell: (a) => <Time iso={a.created_at} relative /> },
            ]}
          />
        )}
      </Loaded>
      {registering && (
        <RegisterAgentDialog
          onClose={() => {
            setRegistering(false);
            agents.reload();
          }}
        />
      )}
    </Page>
  );
}
