import type { Agent, Tool } from '../../api/types';
import { fromLocalInput, toLocalInput } from '../../ui/time';

/** The audit API's filters, named as its query parameters (the URL carries them too). */
export interface AuditFilters {
  type?: string;
  agent_id?: string;
  tool_id?: string;
  actor_type?: 'agent' | 'member' | 'system';
  actor_id?: string;
  stream_id?: string;
  from?: string;
  to?: string;
}

export const FILTER_KEYS = [
  'type',
  'agent_id',
  'tool_id',
  'actor_type',
  'actor_id',
  'stream_id',
  'from',
  'to',
] as const;

const EVENT_TYPES = [
  'AccessRequested',
  'AccessApproved',
  'AccessDenied',
  'CredentialVended',
  'CredentialDenied',
  'GrantRevoked',
  'GrantExpired',
  'AgentRegistered',
  'AgentKeyIssued',
  'AgentKeyRevoked',
  'AgentSuspended',
  'AgentReactivated',
  'AgentRequestsRefused',
  'ToolAdded',
  'ToolUpdated',
  'ToolSecretRotated',
  'ToolRetired',
  'ToolSuggested',
  'SuggestionBacked',
  'SuggestionAccepted',
  'SuggestionDismissed',
  'SetupGuideStarted',
  'SetupGuideFinished',
  'MemberAdded',
  'MemberRoleChanged',
  'MemberRemoved',
  'MemberLoginSucceeded',
  'MemberLoginFailed',
  'OrgCreated',
];

export function filtersFrom(query: URLSearchParams): AuditFilters {
  const out: Record<string, string> = {};
  for (const key of FILTER_KEYS) {
    const value = query.get(key);
    if (value) out[key] = value;
  }
  return out;
}

interface Props {
  value: AuditFilters;
  agents: Agent[];
  tools: Tool[];
  onApply: (filters: AuditFilters) => void;
}

export function AuditFiltersForm({ value, agents, tools, onApply }: Props) {
  const apply = (form: HTMLFormElement) => {
    const data = new FormData(form);
    const pick = (k: string) => {
      const v = data.get(k);
      return typeof v === 'string' && v.trim() ? v.trim() : undefined;
    };
    onApply({
      type: pick('type'),
      agent_id: pick('agent_id'),
      tool_id: pick('tool_id'),
      actor_type: pick('actor_type') as AuditFilters['actor_type'],
      actor_id: pick('actor_id'),
      stream_id: pick('stream_id'),
      from: fromLocalInput(pick('from') ?? ''),
      to: fromLocalInput(pick('to') ?? ''),
    });
  };
  const local = (iso?: string) => (iso ? toLocalInput(new Date(iso)) : '');
  return (
    <form
      className="filters audit-filters"
      aria-label="Filter events"
      key={JSON.stringify(value)}
      onSubmit={(e) => {
        e.preventDefault();
        apply(e.currentTarget);
      }}
    >
      <label>
        Event type
        <input name="type" list="event-types" defaultValue={value.type} placeholder="any" />
        <datalist id="event-types">
          {EVENT_TYPES.map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
      </label>
      <label>
        Agent
        <select name="agent_id" defaultValue={value.agent_id ?? ''}>
          <option value="">any</option>
          {agents.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Tool
        <select name="tool_id" defaultValue={value.tool_id ?? ''}>
          <option value="">any</option>
          {tools.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Actor type
        <select name="actor_type" defaultValue={value.actor_type ?? ''}>
          <option value="">any</option>
          <option value="member">member</option>
          <option value="agent">agent</option>
          <option value="system">system</option>
        </select>
      </label>
      <label>
        Actor id
        <input name="actor_id" defaultValue={value.actor_id} />
      </label>
      <label>
        Stream id
        <input name="stream_id" defaultValue={value.stream_id} placeholder="access-…" />
      </label>
      <label>
        From
        <input name="from" type="datetime-local" defaultValue={local(value.from)} />
      </label>
      <label>
        To
        <input name="to" type="datetime-local" defaultValue={local(value.to)} />
      </label>
      <div className="filter-actions">
        <button type="submit" className="button primary">
          Apply filters
        </button>
        <button type="button" className="button" onClick={() => onApply({})}>
          Clear
        </button>
      </div>
    </form>
  );
}
