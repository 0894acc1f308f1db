import { useState } from 'react';
import { unwrap } from '../../api/client';
import type { AuditEvent } from '../../api/types';
import { useResource } from '../../api/use-resource';
import { useApi } from '../../session/session';
import { Loaded } from '../../ui/states';
import type { AuditFilters } from './audit-filters';
import { EventTable } from './event-table';

const PAGE = 100;

/** The filtered log, oldest first, a page at a time. */
export function AuditEvents({
  filters,
  onStream,
}: {
  filters: AuditFilters;
  onStream: (id: string) => void;
}) {
  const api = useApi();
  const [more, setMore] = useState<{ key: string; events: AuditEvent[]; cursor: string | null } | null>(null);
  const key = JSON.stringify(filters);
  const first = useResource(
    async (a) => unwrap(a.GET('/api/audit/events', { params: { query: { ...filters, limit: PAGE } } })),
    [key],
  );
  const extra = more?.key === key ? more : null;
  const cursor = extra ? extra.cursor : (first.data?.next_cursor ?? null);
  const loadMore = async () => {
    if (!cursor) return;
    const page = await unwrap(
      api.GET('/api/audit/events', { params: { query: { ...filters, after: cursor, limit: PAGE } } }),
    );
    setMore({ key, events: [...(extra?.events ?? []), ...page.events], cursor: page.next_cursor });
  };
  return (
    <Loaded resource={first} what="Audit events">
      {(page) => {
        const events = [...page.events, ...(extra?.events ?? [])];
        return (
          <>
            <p className="muted small" role="status">
              {events.length} event{events.length === 1 ? '' : 's'} shown{cursor ? ', more available' : ''}.
            </p>
            <EventTable events={events} onStream={onStream} caption="Audit events" />
            {cursor && (
              <button type="button" className="button" onClick={() => void loadMore()}>
                Load more
              </button>
            )}
          </>
        );
      }}
    </Loaded>
  );
}
