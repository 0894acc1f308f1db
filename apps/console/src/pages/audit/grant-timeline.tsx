import type { ReactNode } from 'react';
import { unwrap } from '../../api/client';
import type { AuditEvent } from '../../api/types';
import { useResource } from '../../api/use-resource';
import { Dialog } from '../../ui/dialog';
import { Loaded } from '../../ui/states';
import { Time } from '../../ui/time';
import { eventSentence } from './event-sentence';
import { type Names, useNames } from './names';

interface Step {
  key: string;
  at: string;
  until?: string;
  text: ReactNode;
  kind: string;
}

/** Consecutive fetches fold into one step: requested → approved → fetched ×N → revoked. */
export function timelineSteps(events: AuditEvent[], names: Names): Step[] {
  const steps: Step[] = [];
  let run: AuditEvent[] = [];
  const flush = () => {
    if (run.length === 0) return;
    const first = run[0];
    const last = run[run.length - 1];
    steps.push({
      key: first.position,
      at: first.occurred_at,
      until: run.length > 1 ? last.occurred_at : undefined,
      kind: 'CredentialVended',
      text:
        run.length === 1 ? (
          eventSentence(first, names)
        ) : (
          <>
            {names.agent(first.data.agent_id)} fetched {names.tool(first.data.tool_id)} ×{run.length}
          </>
        ),
    });
    run = [];
  };
  for (const e of events) {
    if (e.type === 'CredentialVended') {
      run.push(e);
      continue;
    }
    flush();
    steps.push({ key: e.position, at: e.occurred_at, kind: e.type, text: eventSentence(e, names) });
  }
  flush();
  return steps;
}

/** One grant's life from its request on, read from its access stream. */
export function GrantTimeline({ grantId, onClose }: { grantId: string; onClose: () => void }) {
  const names = useNames();
  const streamId = `access-${grantId}`;
  const history = useResource(
    async (api) =>
      (
        await unwrap(
          api.GET('/api/audit/streams/{streamId}', {
            params: { path: { streamId }, query: { limit: 1000 } },
          }),
        )
      ).events,
    [streamId],
  );
  return (
    <Dialog title="Grant timeline" onClose={onClose} wide>
      <p className="muted small">
        Grant <span className="mono">{grantId}</span>
      </p>
      <Loaded resource={history} what="Grant timeline">
        {(events) => (
          <ol className="timeline" aria-label="Grant timeline">
            {timelineSteps(events, names).map((s) => (
              <li key={s.key} className={`step ${s.kind}`}>
                <p>{s.text}</p>
                <p className="muted small">
                  <Time iso={s.at} />
                  {s.until && (
                    <>
                      {' '}
                      to <Time iso={s.until} />
                    </>
                  )}
                </p>
              </li>
            ))}
          </ol>
        )}
      </Loaded>
    </Dialog>
  );
}
