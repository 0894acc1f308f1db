import { useState } from 'react';
import { unwrap } from '../../api/client';
import type { Suggestion } from '../../api/types';
import { useResource } from '../../api/use-resource';
import { Link } from '../../router';
import { useApi } from '../../session/session';
import { useAnnounce } from '../../ui/announcer';
import { Badge } from '../../ui/badge';
import { Dialog } from '../../ui/dialog';
import { Page } from '../../ui/page';
import { ReasonDialog } from '../../ui/reason-dialog';
import { Loaded } from '../../ui/states';
import { SuggestionActions } from './suggestion-actions';
import { Time } from '../../ui/time';
import { ToolForm } from '../tools/tool-form';

type Status = 'open' | 'accepted' | 'dismissed';

/** "Onboarding-Agent + 2 others": who wants the tool, at a glance. */
export function backersLabel(s: Suggestion): string {
  const first = s.backers[0]?.agent_name ?? 'An agent';
  const others = s.backer_count - 1;
  return others > 0 ? `${first} + ${others} other${others === 1 ? '' : 's'}` : first;
}

export function SuggestionsPage() {
  const api = useApi();
  const announce = useAnnounce();
  const [status, setStatus] = useState<Status>('open');
  const [open, setOpen] = useState<{ s: Suggestion; verb: 'accept' | 'dismiss' } | null>(null);
  const list = useResource(
    async (a) =>
      (await unwrap(a.GET('/api/admin/suggestions', { params: { query: { status, limit: 200 } } })))
        .suggestions,
    [status],
  );
  const done = (message: string) => {
    setOpen(null);
    announce(message);
    list.reload();
  };
  return (
    <Page title="Suggestions">
      <div className="toolbar">
        <label>
          Show{' '}
          <select value={status} onChange={(e) => setStatus(e.target.value as Status)}>
            <option value="open">open suggestions</option>
            <option value="accepted">accepted</option>
            <option value="dismissed">dismissed</option>
          </select>
        </label>
        <span className="muted small">Sorted by demand: most backing agents first.</span>
      </div>
      <Loaded resource={list} what="Suggestions">
        {(rows) =>
          rows.length === 0 ? (
            <p className="empty">
              No {status} suggestions. Agents suggest tools they need that are not in the catalog.
            </p>
          ) : (
            <ul className="cards">
              {rows.map((s) => (
                <li key={s.id} className="card">
                  <div className="card-head">
                    <h2>{s.name}</h2>
                    <Badge value={s.status} />
                  </div>
                  {s.url && <p className="mono small">{s.url}</p>}
                  <p>
                    <strong>{backersLabel(s)}</strong>{' '}
                    <span className="muted small">
                      · since <Time iso={s.created_at} relative />
                    </span>
                  </p>
                  <details>
                    <summary>Why they need it ({s.backers.length})</summary>
                    <ul className="plain-list">
                      {s.backers.map((b) => (
                        <li key={b.agent_id}>
                          <Link to={`/agents/${b.agent_id}`}>{b.agent_name}</Link>: {b.reason}
                        </li>
                      ))}
                    </ul>
                  </details>
                  {s.decision_reason && <p className="small">Dismissed: {s.decision_reason}</p>}
                  {s.tool_id && <Link to={`/tools/${s.tool_id}`}>Open the tool</Link>}
                  {s.status === 'open' && (
                    <SuggestionActions
                      onAccept={() => setOpen({ s, verb: 'accept' })}
                      onDismiss={() => setOpen({ s, verb: 'dismiss' })}
                    />
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
      {open?.verb === 'accept' && (
        <Dialog title={`Add ${open.s.name} to the catalog`} onClose={() => setOpen(null)} wide>
          <p>Accepting creates the tool and opens a pending request for each agent that asked for it.</p>
          <ToolForm
            initial={{ name: open.s.name, url: open.s.url, description: '' }}
            submitLabel="Accept and add tool"
            withSecret
            onSubmit={async (body) => {
              await unwrap(
                api.POST('/api/admin/suggestions/{id}/accept', { params: { path: { id: open.s.id } }, body }),
              );
              done(`${open.s.name} added; its backers’ requests are in the queue.`);
            }}
            onCancel={() => setOpen(null)}
          />
        </Dialog>
      )}
      {open?.verb === 'dismiss' && (
        <ReasonDialog
          title={`Dismiss ${open.s.name}`}
          submitLabel="Dismiss"
          onSubmit={async (reason) => {
            await unwrap(
              api.POST('/api/admin/suggestions/{id}/dismiss', {
                params: { path: { id: open.s.id } },
                body: { reason },
              }),
            );
            done(`${open.s.name} dismissed; agents cannot suggest it again for 24 hours.`);
          }}
          onClose={() => setOpen(null)}
        >
          <p>The agents that suggested it are told the reason.</p>
        </ReasonDialog>
      )}
    </Page>
  );
}
