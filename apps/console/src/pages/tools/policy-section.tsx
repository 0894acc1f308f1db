import { useState } from 'react';
import { unwrap } from '../../api/client';
import { useAgents } from '../../api/lookups';
import type { ToolPolicy } from '../../api/types';
import { useResource } from '../../api/use-resource';
import { useAbility, useApi } from '../../session/session';
import { useAnnounce } from '../../ui/announcer';
import { Form, invalid, SelectField, TextField, text } from '../../ui/form';
import { Section } from '../../ui/page';
import { Loaded } from '../../ui/states';
import { humanDuration } from '../../ui/time';

const DURATIONS = [3600, 8 * 3600, 86_400, 7 * 86_400, 30 * 86_400, 90 * 86_400, 365 * 86_400];
const durationOptions = (none: string) => [
  { value: '', label: none },
  ...DURATIONS.map((s) => ({ value: String(s), label: humanDuration(s) })),
];

/** How many approvers a request needs, the longest grant, and which agents are approved automatically. */
export function PolicySection({ toolId }: { toolId: string }) {
  const policy = useResource(
    async (api) =>
      (await unwrap(api.GET('/api/admin/tools/{toolId}/policy', { params: { path: { toolId } } }))).policy,
    [toolId],
  );
  return (
    <Section title="Approval policy">
      <Loaded resource={policy} what="Approval policy">
        {(p) => <PolicyForm key={JSON.stringify(p)} toolId={toolId} policy={p} onSaved={policy.reload} />}
      </Loaded>
    </Section>
  );
}

function PolicyForm({
  toolId,
  policy,
  onSaved,
}: {
  toolId: string;
  policy: ToolPolicy;
  onSaved: () => void;
}) {
  const api = useApi();
  const announce = useAnnounce();
  const editable = useAbility().can('update', 'Tool');
  const agents = useAgents();
  const rule = policy.auto_approve ?? null;
  const [auto, setAuto] = useState<'off' | 'all' | 'some'>(
    !rule ? 'off' : rule.agents === 'all' ? 'all' : 'some',
  );
  const chosen = new Set(rule && Array.isArray(rule.agents) ? rule.agents : []);
  const save = async (data: FormData) => {
    const max = text(data, 'max_duration_seconds');
    const autoMax = text(data, 'auto_approve.max_duration_seconds');
    if (auto !== 'off' && !autoMax)
      invalid('auto_approve.max_duration_seconds', 'Choose how long automatic grants last.');
    const body: ToolPolicy = {
      required_approvals: Number(text(data, 'required_approvals')),
      max_duration_seconds: max ? Number(max) : null,
      auto_approve:
        auto === 'off'
          ? null
          : {
              agents: auto === 'all' ? 'all' : data.getAll('auto_agents').map(String),
              max_duration_seconds: Number(autoMax),
            },
    };
    await unwrap(api.PUT('/api/admin/tools/{toolId}/policy', { params: { path: { toolId } }, body }));
    announce('Approval policy saved.');
    onSaved();
  };
  if (!editable) return <PolicySummary policy={policy} />;
  return (
    <Form onSubmit={save} submitLabel="Save policy" label="Approval policy">
      <div className="grid-2">
        <TextField
          label="Approvals required"
          name="required_approvals"
          type="number"
          min={1}
          max={10}
          defaultValue={policy.required_approvals}
          hint="Distinct approvers; any single deny ends the request."
        />
        <SelectField
          label="Longest grant"
          name="max_duration_seconds"
          options={durationOptions('No limit')}
          defaultValue={policy.max_duration_seconds ? String(policy.max_duration_seconds) : ''}
        />
      </div>
      <SelectField
        label="Approve automatically"
        name="auto_mode"
        value={auto}
        onChange={(e) => setAuto(e.target.value as typeof auto)}
        options={[
          { value: 'off', label: 'Never: a person decides' },
          { value: 'all', label: 'Every agent' },
          { value: 'some', label: 'Selected agents' },
        ]}
        errorFor="auto_approve.agents"
      />
      {auto === 'some' && (
        <fieldset className="checkbox-list">
          <legend>Agents approved automatically</legend>
          {(agents.data ?? []).map((a) => (
            <label key={a.id} className="checkbox">
              <input type="checkbox" name="auto_agents" value={a.id} defaultChecked={chosen.has(a.id)} />{' '}
              {a.name}
            </label>
          ))}
        </fieldset>
      )}
      {auto !== 'off' && (
        <SelectField
          label="Automatic grants last"
          name="auto_approve.max_duration_seconds"
          options={durationOptions('Choose…')}
          defaultValue={rule ? String(rule.max_duration_seconds) : ''}
        />
      )}
    </Form>
  );
}

function PolicySummary({ policy }: { policy: ToolPolicy }) {
  const rule = policy.auto_approve;
  return (
    <ul className="plain-list">
      <li>
        {policy.required_approvals} approval{policy.required_approvals === 1 ? '' : 's'} required
      </li>
      <li>
        Longest grant: {policy.max_duration_seconds ? humanDuration(policy.max_duration_seconds) : 'no limit'}
      </li>
      <li>
        Automatic approval:{' '}
        {!rule
          ? 'never'
          : `${rule.agents === 'all' ? 'every agent' : `${rule.agents.length} selected agents`}, for up to ${humanDuration(rule.max_duration_seconds)}`}
      </li>
    </ul>
  );
}
