import { useState } from 'react';
import { unwrap } from '../../api/client';
import { memberLabel, useMembers } from '../../api/lookups';
import type { AccessAt, Agent, Tool } from '../../api/types';
import { useApi } from '../../session/session';
import { DataTable } from '../../ui/data-table';
import { Form, invalid, TextField, text } from '../../ui/form';
import { Time, fromLocalInput, toLocalInput } from '../../ui/time';

/** Who could fetch what at a chosen instant, replayed from the log. */
export function AccessAtPanel({ agents, tools }: { agents: Agent[]; tools: Tool[] }) {
  const api = useApi();
  const members = useMembers();
  const [answer, setAnswer] = useState<AccessAt | null>(null);
  const name = (list: Array<{ id: string; name: string }>, id: string) =>
    list.find((x) => x.id === id)?.name ?? id;
  const show = async (data: FormData) => {
    const at = fromLocalInput(text(data, 'at'));
    if (!at) invalid('at', 'Choose a date and time.');
    setAnswer(await unwrap(api.GET('/api/audit/access', { params: { query: { at } } })));
  };
  return (
    <>
      <Form onSubmit={show} submitLabel="Show access" className="form inline-form" label="Who had access at">
        <TextField
          label="At"
          name="at"
          type="datetime-local"
          defaultValue={toLocalInput(new Date())}
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
            rows={answer.grants}
            rowKey={(g) => g.grant_id}
            empty="Nobody had access at that instant."
            columns={[
              { header: 'Agent', cell: (g) => name(agents, g.agent_id) },
              { header: 'Tool', cell: (g) => name(tools, g.tool_id) },
              { header: 'Approved', cell: (g) => <Time iso={g.approved_at} /> },
              { header: 'By', cell: (g) => memberLabel(members.data, g.approved_by) },
              { header: 'Expires', cell: (g) => <Time iso={g.expires_at} /> },
              { header: 'Grant', cell: (g) => <span className="mono small">{g.grant_id}</span> },
            ]}
          />
        </div>
      )}
    </>
  );
}
