import { useState } from 'react';
import { unwrap } from '../../api/client';
import type { InstructionSuggestion } from '../../api/types';
import { useResource } from '../../api/use-resource';
import { useApi } from '../../session/session';
import { useAnnounce } from '../../ui/announcer';
import { Dialog } from '../../ui/dialog';
import { Form, raw, TextArea } from '../../ui/form';
import { Section } from '../../ui/page';
import { ReasonDialog } from '../../ui/reason-dialog';
import { Loaded } from '../../ui/states';
import { SuggestionActions } from '../suggestions/suggestion-actions';

type Open = { s: InstructionSuggestion; verb: 'accept' | 'dismiss' } | null;

/** Lessons agents holding a grant propose for the instructions; accepting makes a new version. */
export function InstructionSuggestions({
  toolId,
  instructions,
  onChange,
}: {
  toolId: string;
  instructions: string;
  onChange: () => void;
}) {
  const api = useApi();
  const announce = useAnnounce();
  const [open, setOpen] = useState<Open>(null);
  const list = useResource(
    async (a) =>
      (
        await unwrap(
          a.GET('/api/admin/tools/{id}/instruction-suggestions', {
            params: { path: { id: toolId }, query: { status: 'open' } },
          }),
        )
      ).instruction_suggestions,
    [toolId],
  );
  const done = (message: string) => {
    setOpen(null);
    announce(message);
    list.reload();
    onChange();
  };
  return (
    <Section title="Suggested corrections">
      <Loaded resource={list} what="Suggested corrections">
        {(rows) =>
          rows.length === 0 ? (
            <p className="muted">No open suggestions from agents.</p>
          ) : (
            <ul className="plain-list">
              {rows.map((s) => (
                <li key={s.id} className="card">
                  <p>{s.learned}</p>
                  <p className="small muted">
                    {s.backers.map((b) => `${b.agent_name}: ${b.why}`).join(' · ')}
                  </p>
                  <SuggestionActions
                    small
                    onAccept={() => setOpen({ s, verb: 'accept' })}
                    onDismiss={() => setOpen({ s, verb: 'dismiss' })}
                  />
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
      {open?.verb === 'accept' && (
        <Dialog title="Accept the correction" onClose={() => setOpen(null)} wide>
          <Form
            submitLabel="Accept"
            onSubmit={async (data) => {
              await unwrap(
                api.POST('/api/admin/instruction-suggestions/{id}/accept', {
                  params: { path: { id: open.s.id } },
                  body: { instructions: raw(data, 'instructions') },
                }),
              );
              done('Correction accepted: a new instructions version is current.');
            }}
            onCancel={() => setOpen(null)}
          >
            <TextArea
              label="New instructions"
              name="instructions"
              rows={10}
              defaultValue={`${instructions}\n\n${open.s.learned}`.trim()}
            />
          </Form>
        </Dialog>
      )}
      {open?.verb === 'dismiss' && (
        <ReasonDialog
          title="Dismiss the correction"
          submitLabel="Dismiss"
          onSubmit={async (reason) => {
            await unwrap(
              api.POST('/api/admin/instruction-suggestions/{id}/dismiss', {
                params: { path: { id: open.s.id } },
                body: { reason },
              }),
            );
            done('Correction dismissed.');
          }}
          onClose={() => setOpen(null)}
        />
      )}
    </Section>
  );
}
