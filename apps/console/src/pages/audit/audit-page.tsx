import { useState } from 'react';
import { useAgents, useTools } from '../../api/lookups';
import { navigate, useLocation } from '../../router';
import { Page, Section } from '../../ui/page';
import { AccessAtPanel } from './access-at';
import { AuditEvents } from './audit-events';
import { type AuditFilters, AuditFiltersForm, filtersFrom } from './audit-filters';
import { ExportButtons } from './export-buttons';
import { StreamHistory } from './stream-history';
import { VerifyPanel } from './verify-panel';

/** The event explorer, point-in-time access, exports and integrity verification. */
export function AuditPage() {
  const { query } = useLocation();
  const filters = filtersFrom(query);
  const [stream, setStream] = useState<string | null>(null);
  const agents = useAgents();
  const tools = useTools();
  const apply = (next: AuditFilters) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(next)) if (v) params.set(k, String(v));
    const search = params.toString();
    navigate(search ? `/audit?${search}` : '/audit', { replace: true });
  };
  return (
    <Page title="Audit log">
      <Section title="Integrity">
        <p>Checks every event against the SHA-256 hash chain and shows the latest signed checkpoint.</p>
        <VerifyPanel />
      </Section>
      <Section title="Events" actions={<ExportButtons filters={filters} />}>
        <AuditFiltersForm
          value={filters}
          agents={agents.data ?? []}
          tools={tools.data ?? []}
          onApply={apply}
        />
        <AuditEvents filters={filters} onStream={setStream} />
      </Section>
      <Section title="Who had access at">
        <AccessAtPanel agents={agents.data ?? []} tools={tools.data ?? []} />
      </Section>
      {stream && <StreamHistory streamId={stream} onClose={() => setStream(null)} />}
    </Page>
  );
}
