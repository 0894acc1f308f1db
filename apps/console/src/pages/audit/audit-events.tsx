import { useState } from 'react';
import { unwrap } from '../../api/client';
import type { AuditEvent } from '../../api/types';
import { useResource } from '../../api/use-resource';
import { useApi } from '../../session/session';
import { Loaded } from '../../ui/states';
import type { AuditFilters } from './audit-filters';
import { EventList } from './event-list';

const PAGE = 25;

/** The filtered log, newest first, a page at a time. */
export function AuditEvents({
  filters,
  onTimeline,
}: {
  filters: AuditFilters;
  onTimeline: (grantId: string) => void;
}) {
  const api = useApi();
  const [more, setMore] = useState<{ key: string; events: AuditEvent[]; cursor: string | null } | null>(null);
  const key = JSON.stringify(filters);
  const first = useResource(
    async (a) =>
      unwrap(a.GET('/api/audit/events', { params: { query: { ...filters, order: 'desc', limit: PAGE } } })),
    [key],
  );
  const extra = more?.key === key ? more : null;
  const cursor = extra ? extra.cursor : (first.data?.next_cursor ?? null);
  const loadMore = async () => {
    if (!cursor) return;
    const page = await unwrap(
      api.GET('/api/audit/events', {
        params: { query: { ...filters, order: 'desc', after: cursor, limit: PAGE } },
      }),
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
              {events.length} event{events.length === 1 ? '' : 's'}, newest first
              {cursor ? '; older ones follow' : ''}.
            </p>
            <EventList events={events} onTimeline={onTimeline} label="Audit events" />
            {cursor && (
              <button type="button" className="button" onClick={() => void loadMore()}>
                Show older events
              </button>
            )}
          </>
        );
      }}
    </Loaded>
  );
}
