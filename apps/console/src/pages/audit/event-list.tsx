import type { AuditEvent } from '../../api/types';
import { Time } from '../../ui/time';
import { eventSentence } from './event-sentence';
import { useNames } from './names';

/** `access-<uuid>` → the grant id (an access stream is a request and then its grant). */
export const grantOfStream = (streamId: string) =>
  streamId.startsWith('access-') ? streamId.slice('access-'.length) : null;

/**
 * Events as sentences, each with its time (seconds and zone), where it came from, and the
 * recorded JSON one click away: the content the hash chain binds, for whoever needs proof.
 */
export function EventList({
  events,
  onTimeline,
  label,
}: {
  events: AuditEvent[];
  onTimeline?: (grantId: string) => void;
  label: string;
}) {
  const names = useNames();
  if (events.length === 0) return <p className="empty">No events match.</p>;
  return (
    <ol className="event-list" aria-label={label}>
      {events.map((e) => {
        const grant = grantOfStream(e.stream_id);
        return (
          <li key={e.position} className={`event ${e.type}`}>
            <p className="event-sentence">{eventSentence(e, names)}</p>
            <p className="event-meta muted small">
              <Time iso={e.occurred_at} />
              {e.metadata.ip && <> · from {e.metadata.ip}</>}
              {e.metadata.channel && e.metadata.channel !== 'http' && <> · via {e.metadata.channel}</>} ·{' '}
              {e.metadata.actor.type}
              {grant && onTimeline && (
                <>
                  {' · '}
                  <button type="button" className="link-button" onClick={() => onTimeline(grant)}>
                    Grant timeline
                  </button>
                </>
              )}
            </p>
            <details className="event-details">
              <summary>
                Recorded event <span className="visually-hidden">at position {e.position}</span>
              </summary>
              <pre className="code" tabIndex={0}>
                {JSON.stringify(
                  {
                    position: e.position,
                    type: e.type,
                    stream_id: e.stream_id,
                    stream_version: e.stream_version,
                    event_version: e.event_version,
                    data: e.data,
                    metadata: e.metadata,
                    occurred_at: e.occurred_at,
                  },
                  null,
                  2,
                )}
              </pre>
            </details>
          </li>
        );
      })}
    </ol>
  );
}
