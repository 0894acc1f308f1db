import { useState } from 'react';
import { unwrap } from '../../api/client';
import { useResource } from '../../api/use-resource';
import { Link } from '../../router';
import { useAbility } from '../../session/session';
import { Badge } from '../../ui/badge';
import { DataTable } from '../../ui/data-table';
import { byText, byTime, ListControls, useListControls } from '../../ui/list-controls';
import { Page } from '../../ui/page';
import { Loaded } from '../../ui/states';
import { Time } from '../../ui/time';

export function ToolsPage() {
  const ability = useAbility();
  const [status, setStatus] = useState<'active' | 'retired' | 'all'>('active');
  const tools = useResource(
    async (api) =>
      (await unwrap(api.GET('/api/admin/tools', { params: { query: { status, limit: 200 } } }))).tools,
    [status],
  );
  const list = useListControls(tools.data, (t) => `${t.name} ${t.url ?? ''} ${t.credential_status}`, [
    { label: 'name', compare: byText((t) => t.name) },
    { label: 'credential status', compare: byText((t) => t.credential_status) },
    {
      label: 'expiry, soonest first',
      compare: byTime((t) => t.credential_expires_at ?? '9999-12-31', false),
    },
  ]);
  return (
    <Page
      title="Tools"
      actions={
        ability.can('create', 'Tool') && (
          <Link to="/tools/new" className="button primary">
            Add tool
          </Link>
        )
      }
    >
      <div className="toolbar">
        <label>
          Show{' '}
          <select value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
            <option value="active">active tools</option>
            <option value="retired">retired tools</option>
            <option value="all">all tools</option>
          </select>
        </label>
      </div>
      <ListControls controls={list} label="tools" placeholder="name or URL" />
      <Loaded resource={tools} what="Tools">
        {() => (
          <DataTable
            caption="Tools"
            rows={list.shown}
            rowKey={(t) => t.id}
            empty="No tools here yet."
            columns={[
              { header: 'Name', cell: (t) => <Link to={`/tools/${t.id}`}>{t.name}</Link> },
              { header: 'URL', cell: (t) => t.url ?? <span className="muted">—</span>, className: 'wide' },
              { header: 'Auth', cell: (t) => t.auth_type.replace(/_/g, ' ') },
              { header: 'Credential', cell: (t) => <Badge value={t.credential_status} /> },
              { header: 'Secret version', cell: (t) => (t.has_secret ? `v${t.secret_version}` : '—') },
              { header: 'Expires', cell: (t) => <Time iso={t.credential_expires_at} /> },
              { header: 'Status', cell: (t) => <Badge value={t.status} /> },
            ]}
          />
        )}
      </Loaded>
    </Page>
  );
}
