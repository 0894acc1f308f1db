import { lazy, Suspense } from 'react';
import { unwrap } from '../../api/client';
import { useResource } from '../../api/use-resource';
import { Link } from '../../router';
import { useAbility } from '../../session/session';
import { Badge } from '../../ui/badge';
import { Page } from '../../ui/page';
import { Loaded } from '../../ui/states';
import { Time } from '../../ui/time';
import { GetStarted } from './get-started';
import { OrgPolicyCard } from './org-policy-card';

const ATTENTION = new Set(['expiring', 'needs_rotation', 'missing']);
/** The charting library loads with the chart, not with every page. */
const ActivityCharts = lazy(() => import('./activity-chart'));

/** An admin's morning: what waits for a decision, what agents fetched, which secrets to rotate. */
export function OverviewPage() {
  const ability = useAbility();
  const pending = useResource(
    async (api) =>
      (await unwrap(api.GET('/api/admin/requests', { params: { query: { status: 'pending', limit: 200 } } })))
        .requests,
    [],
    { pollMs: 10_000 },
  );
  const vends = useResource(async (api) => {
    const { grants } = await unwrap(
      api.GET('/api/admin/grants', { params: { query: { status: 'all', limit: 200 } } }),
    );
    return grants
      .filter((g) => g.last_vended_at)
      .sort((a, b) => Date.parse(b.last_vended_at ?? '') - Date.parse(a.last_vended_at ?? ''))
      .slice(0, 6);
  }, []);
  const tools = useResource(async (api) => {
    const { tools: rows } = await unwrap(api.GET('/api/admin/tools', { params: { query: { limit: 200 } } }));
    return rows.filter((t) => ATTENTION.has(t.credential_status));
  }, []);
  return (
    <Page title="Overview">
      <div className="overview">
        {ability.can('create', 'Tool') && <GetStarted />}
        <section className="card" aria-labelledby="ov-pending">
          <h2 id="ov-pending">Pending requests</h2>
          <Loaded resource={pending} what="Pending requests">
            {(rows) => (
              <>
                <p className="big-number">{rows.length}</p>
                <ul className="plain-list">
                  {rows.slice(0, 5).map((r) => (
                    <li key={r.id}>
                      {r.agent_name} → {r.tool_name}{' '}
                      <span className="muted small">
                        (<Time iso={r.requested_at} relative />)
                      </span>
                    </li>
                  ))}
                </ul>
                <Link to="/requests">Open the queue</Link>
              </>
            )}
          </Loaded>
        </section>
        <section className="card" aria-labelledby="ov-vends">
          <h2 id="ov-vends">Recent credential fetches</h2>
          <Loaded resource={vends} what="Recent fetches">
            {(rows) =>
              rows.length === 0 ? (
                <p className="empty">No agent has fetched a credential yet.</p>
              ) : (
                <ul className="plain-list">
                  {rows.map((g) => (
                    <li key={g.id}>
                      <Link to={`/agents/${g.agent_id}`}>{g.agent_name}</Link> → {g.tool_name}{' '}
                      <span className="muted small">
                        <Time iso={g.last_vended_at} relative /> · {g.vend_count} fetch
                        {g.vend_count === 1 ? '' : 'es'}
                      </span>
                    </li>
                  ))}
                </ul>
              )
            }
          </Loaded>
          {ability.can('read', 'AuditLog') && (
            <Link to="/audit?type=CredentialVended&range=7d">Every fetch in the audit log</Link>
          )}
        </section>
        <section className="card" aria-labelledby="ov-tools">
          <h2 id="ov-tools">Tools needing attention</h2>
          <Loaded resource={tools} what="Tools">
            {(rows) =>
              rows.length === 0 ? (
                <p className="empty">Every secret is set and none expires within 14 days.</p>
              ) : (
                <ul className="plain-list">
                  {rows.map((t) => (
                    <li key={t.id}>
                      <Link to={`/tools/${t.id}`}>{t.name}</Link> <Badge value={t.credential_status} />{' '}
                      {t.credential_expires_at && (
                        <span className="muted small">
                          expires <Time iso={t.credential_expires_at} />
                        </span>
                      )}
                    </li>
                  ))}
                </ul>
              )
            }
          </Loaded>
        </section>
        {ability.can('read', 'AuditLog') && (
          <Suspense fallback={<p className="loading">Loading the charts…</p>}>
            <ActivityCharts />
          </Suspense>
        )}
        <OrgPolicyCard />
      </div>
    </Page>
  );
}
