import type { AuditEvent } from '../../api/types';
import { DataTable } from '../../ui/data-table';
import { Time } from '../../ui/time';

/** `access-3edf16bb-2786-…` → `access-3edf16bb…`; the full id is in the title and the details. */
const shortStream = (id: string) => id.replace(/^([a-z-]+-[0-9a-f]{8})[0-9a-f-]{20,}$/i, '$1…');

/** Events with their full data and metadata one click away (who, on whose behalf, from where). */
export function EventTable({
  events,
  onStream,
  caption,
}: {
  events: AuditEvent[];
  onStream?: (id: string) => void;
  caption: string;
}) {
  return (
    <DataTable
      caption={caption}
      rows={events}
      rowKey={(e) => e.position}
      empty="No events match."
      columns={[
        { header: 'Position', cell: (e) => <span className="mono">{e.position}</span> },
        { header: 'When', cell: (e) => <Time iso={e.occurred_at} /> },
        { header: 'Event', cell: (e) => <strong>{e.type}</strong> },
        {
          header: 'Stream',
          cell: (e) =>
            onStream ? (
              <button
                type="button"
                className="link-button mono"
                onClick={() => onStream(e.stream_id)}
                title={e.stream_id}
                aria-label={`History of ${e.stream_id}`}
              >
                {shortStream(e.stream_id)}
              </button>
            ) : (
              <span className="mono" title={e.stream_id}>
                {shortStream(e.stream_id)}
              </span>
            ),
        },
        { header: 'Actor', cell: (e) => `${e.metadata.actor.name} (${e.metadata.actor.type})` },
        {
          header: 'Details',
          className: 'wide',
          cell: (e) => (
            <details className="event-details">
              <summary>Data and metadata</summary>
              <pre className="code">
                {JSON.stringify(
                  {
                    data: e.data,
                    metadata: e.metadata,
                    stream_version: e.stream_version,
                    event_version: e.event_version,
                  },
                  null,
                  2,
                )}
              </pre>
            </details>
          ),
        },
      ]}
    />
  );
}
