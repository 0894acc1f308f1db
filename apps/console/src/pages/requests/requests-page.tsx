import { useEffect, useRef, useState } from 'react';
import { unwrap } from '../../api/client';
import { useMembers, useTools } from '../../api/lookups';
import type { AccessRequest } from '../../api/types';
import { useResource } from '../../api/use-resource';
import { Page } from '../../ui/page';
import { useAnnounce } from '../../ui/announcer';
import { Loaded } from '../../ui/states';
import { ApproveDialog } from './approve-dialog';
import { DenyDialog } from './deny-dialog';
import { RequestsTable } from './requests-table';

const STATUSES = ['pending', 'approved', 'denied', 'revoked', 'expired', 'all'] as const;
type Status = (typeof STATUSES)[number];
/** New requests appear without a reload. */
const POLL_MS = 4000;

export function RequestsPage() {
  const [status, setStatus] = useState<Status>('pending');
  const [deciding, setDeciding] = useState<{ request: AccessRequest; verb: 'approve' | 'deny' } | null>(null);
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
  useNewArrivals(requests.data, status === 'pending', announce);

  const done = (message: string) => {
    setDeciding(null);
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
      </div>
      <Loaded resource={requests} what="Requests">
        {(rows) => (
          <RequestsTable
            requests={rows}
            members={members.data}
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
