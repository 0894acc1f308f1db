import { useState } from 'react';
import { unwrap } from '../../api/client';
import type { AccessAt } from '../../api/types';
import { useApi } from '../../session/session';
import { DataTable } from '../../ui/data-table';
import { Form, invalid, TextField, text } from '../../ui/form';
import { Time, fromLocalInput, toLocalInput } from '../../ui/time';
import { useNames } from './names';

/** Who could fetch what at a chosen instant, replayed from the log, by name. */
export function AccessAtPanel({ onTimeline }: { onTimeline: (grantId: string) => void }) {
  const api = useApi();
  const names = useNames();
  const [answer, setAnswer] = useState<AccessAt | null>(null);
  const show = async (data: FormData) => {
    const at = fromLocalInput(text(data, 'at'));
    if (!at) invalid('at', 'Choose a date and time.');
    setAnswer(await unwrap(api.GET('/api/audit/access', { params: { query: { at } } })));
  };
  const byAgent = [...(answer?.grants ?? [])].sort((a, b) =>
    (names.agentName(a.agent_id) ?? '').localeCompare(names.agentName(b.agent_id) ?? ''),
  );
  return (
    <>
      <p>
        Every agent that could have fetched a credential at an instant, past or present: approved, not expired
        or revoked, its agent active and holding a key, its tool not retired.
      </p>
      <Form onSubmit={show} submitLabel="Show access" className="form inline-form" label="Who had access at">
        <TextField
          label="At (your local time)"
          name="at"
          type="datetime-local"
          // To the second: "now" cut to the minute would miss a grant approved seconds ago.
          defaultValue={toLocalInput(new Date(), 'second')}
          step={1}
        />
      </Form>
      {answer && (
        <div role="status">
          <p>
            At <Time iso={answer.at} />, {answer.grants.length} grant{answer.grants.length === 1 ? '' : 's'}{' '}
            allowed a fetch.
          </p>
          <DataTable
            caption="Access at the chosen instant"
            rows={byAgent}
            rowKey={(g) => g.grant_id}
            empty="Nobody had access at that instant."
            columns={[
              { header: 'Agent', cell: (g) => names.agent(g.agent_id) },
              { header: 'Tool', cell: (g) => names.tool(g.tool_id) },
              { header: 'Approved', cell: (g) => <Time iso={g.approved_at} /> },
              { header: 'By', cell: (g) => names.member(g.approved_by) },
              { header: 'Expires', cell: (g) => <Time iso={g.expires_at} /> },
              {
                header: 'Grant',
                cell: (g) => (
                  <button type="button" className="link-button" onClick={() => onTimeline(g.grant_id)}>
                    Timeline
                  </button>
                ),
              },
            ]}
          />
        </div>
      )}
    </>
  );
}
