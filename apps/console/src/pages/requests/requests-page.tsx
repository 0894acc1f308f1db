import { useEffect, useMemo, useRef, useState } from 'react';
import { unwrap } from '../../api/client';
import { useMembers, useTools } from '../../api/lookups';
import type { AccessRequest } from '../../api/types';
import { useResource } from '../../api/use-resource';
import { byText, byTime, ListControls, useListControls } from '../../ui/list-controls';
import { Page } from '../../ui/page';
import { useAnnounce } from '../../ui/announcer';
import { Loaded } from '../../ui/states';
import { ApproveDialog } from './approve-dialog';
import { BulkApproveDialog } from './bulk-approve-dialog';
import { DenyDialog } from './deny-dialog';
import { RequestsTable } from './requests-table';

const STATUSES = ['pending', 'approved', 'denied', 'revoked', 'expired', 'all'] as const;
type Status = (typeof STATUSES)[number];
/** New requests appear without a reload. */
const POLL_MS = 4000;

export function RequestsPage() {
  const [status, setStatus] = useState<Status>('pending');
  const [deciding, setDeciding] = useState<{ request: AccessRequest; verb: 'approve' | 'deny' } | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [bulk, setBulk] = useState(false);
  const announce = useAnnounce();
  const requests = useResource(
    async (api) =>
      (await unwrap(api.GET('/api/admin/requests', { params: { query: { status, limit: 200 } } }))).requests,
    [status],
    { pollMs: POLL_MS },
  );
  const tools = useTools();
  const members = useMembers();
  const policy = useResource(async (api) => (await unwrap(api.GET('/api/admin/policy'))).policy, []);
  // How approved requests ended (a revoke's reason lives on the grant, whose id is the request's).
  const grants = useResource(
    async (api) =>
      (await unwrap(api.GET('/api/admin/grants', { params: { query: { status: 'all', limit: 200 } } })))
        .grants,
    [status],
    { skip: status === 'pending' },
  );
  const grantsById = useMemo(() => new Map((grants.data ?? []).map((g) => [g.id, g])), [grants.data]);
  const list = useListControls(
    requests.data,
    (r) => `${r.agent_name} ${r.tool_name} ${r.reason} ${r.status} ${r.denial_reason ?? ''}`,
    [
      { label: 'newest first', compare: byTime((r) => r.requested_at) },
      { label: 'oldest first', compare: byTime((r) => r.requested_at, false) },
      { label: 'agent', compare: byText((r) => r.agent_name) },
      { label: 'tool', compare: byText((r) => r.tool_name) },
    ],
  );
  const chosen = (requests.data ?? []).filter((r) => selected.has(r.id) && r.status === 'pending');
  useNewArrivals(requests.data, status === 'pending', announce);

  const done = (message: string) => {
    setDeciding(null);
    setBulk(false);
    setSelected(new Set());
    announce(message);
    requests.reload();
  };
  return (
    <Page title="Access requests">
      <div className="toolbar">
        <label>
          Show{' '}
          <select value={status} onChange={(e) => setStatus(e.target.value as Status)}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s === 'all' ? 'all requests' : s}
              </option>
            ))}
          </select>
        </label>
        <span className="muted small">Updates every few seconds.</span>
        {chosen.length > 0 && (
          <button type="button" className="button primary" onClick={() => setBulk(true)}>
            Approve selected ({chosen.length})
          </button>
        )}
      </div>
      <ListControls controls={list} label="requests" placeholder="agent, tool or reason" />
      <Loaded resource={requests} what="Requests">
        {() => (
          <RequestsTable
            requests={list.shown}
            members={members.data}
            grants={grantsById}
            selected={selected}
            onSelect={(id, on) =>
              setSelected((s) => {
                const next = new Set(s);
                if (on) next.add(id);
                else next.delete(id);
                return next;
              })
            }
            separationOfDuties={policy.data?.separation_of_duties}
            onDecide={(request, verb) => setDeciding({ request, verb })}
          />
        )}
      </Loaded>
      {deciding?.verb === 'approve' && (
        <ApproveDialog
          request={deciding.request}
          tool={tools.data?.find((t) => t.id === deciding.request.tool_id)}
          onClose={() => setDeciding(null)}
          onDone={done}
        />
      )}
      {bulk && chosen.length > 0 && (
        <BulkApproveDialog requests={chosen} onClose={() => setBulk(false)} onDone={done} />
      )}
      {deciding?.verb === 'deny' && (
        <DenyDialog request={deciding.request} onClose={() => setDeciding(null)} onDone={done} />
      )}
    </Page>
  );
}

/** Announces requests that arrived since the last poll (not on the first load). */
function useNewArrivals(
  rows: AccessRequest[] | undefined,
  active: boolean,
  announce: (t: string, tone?: 'info') => void,
) {
  const seen = useRef<Set<string> | null>(null);
  useEffect(() => {
    if (!rows || !active) {
      seen.current = null;
      return;
    }
    const fresh = seen.current ? rows.filter((r) => !seen.current?.has(r.id)) : [];
    seen.current = new Set(rows.map((r) => r.id));
    if (fresh.length === 1)
      announce(`New request: ${fresh[0].agent_name} asks for ${fresh[0].tool_name}`, 'info');
    else if (fresh.length > 1) announce(`${fresh.length} new requests`, 'info');
  }, [rows, active, announce]);
}
