import { useMemo } from 'react';
import { useAgents, useMembers, useTools } from '../../api/lookups';
import { Link, navigate, useLocation } from '../../router';
import { Page, Section } from '../../ui/page';
import { AccessAtPanel } from './access-at';
import { AuditEvents } from './audit-events';
import { type AuditQuery, AuditQueryBox, filtersOf, queryFrom } from './audit-filters';
import { ExportButtons } from './export-buttons';
import { GrantTimeline } from './grant-timeline';
import { VerifyPanel } from './verify-panel';

const VIEWS = [
  { value: 'events', label: 'Activity' },
  { value: 'access', label: 'Who had access at' },
  { value: 'integrity', label: 'Integrity' },
] as const;

/** Activity in sentences, point-in-time access, and integrity: three views, one URL each. */
export function AuditPage() {
  const { query } = useLocation();
  const search = query.toString();
  const view = VIEWS.find((v) => v.value === query.get('view'))?.value ?? 'events';
  const grant = query.get('grant');
  const q = useMemo(() => queryFrom(new URLSearchParams(search)), [search]);
  // A relative range ("the last 7 days") is fixed when the query changes, not on every render.
  const filters = useMemo(() => filtersOf(q), [q]);
  const agents = useAgents();
  const tools = useTools();
  const members = useMembers();
  const go = (params: Record<string, string | undefined>) => {
    const next = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v) next.set(k, v);
    const s = next.toString();
    navigate(s ? `/audit?${s}` : '/audit', { replace: true });
  };
  const apply = (next: AuditQuery) => go({ ...next, grant: grant ?? undefined });
  const timeline = (id: string | null) =>
    go({ ...Object.fromEntries(query.entries()), grant: id ?? undefined });
  const href = (v: string) => (v === 'events' ? '/audit' : `/audit?view=${v}`);
  return (
    <Page title="Audit log">
      <nav className="tabs" aria-label="Audit views">
        {VIEWS.map((v) => (
          <Link key={v.value} to={href(v.value)} aria-current={view === v.value ? 'page' : undefined}>
            {v.label}
          </Link>
        ))}
      </nav>
      {view === 'events' && (
        <Section title="Activity" actions={<ExportButtons filters={filters} />}>
          <AuditQueryBox
            value={q}
            agents={agents.data ?? []}
            tools={tools.data ?? []}
            members={members.data ?? []}
            onChange={apply}
          />
          <AuditEvents filters={filters} onTimeline={timeline} />
        </Section>
      )}
      {view === 'access' && (
        <Section title="Who had access at">
          <AccessAtPanel onTimeline={timeline} />
        </Section>
      )}
      {view === 'integrity' && (
        <Section title="Integrity">
          <p>Checks every event against the SHA-256 hash chain and shows the latest signed checkpoint.</p>
          <VerifyPanel />
        </Section>
      )}
      {grant && <GrantTimeline grantId={grant} onClose={() => timeline(null)} />}
    </Page>
  );
}
