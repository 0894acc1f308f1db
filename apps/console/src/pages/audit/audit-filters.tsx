import { useId } from 'react';
import type { Agent, Member, Tool } from '../../api/types';
import { fromLocalInput, toLocalInput } from '../../ui/time';
import { ACTIONS } from './event-sentence';

/** The audit API's filters, named as its query parameters. */
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

/** What the URL carries: the filters, with a time range in words (`7d`) instead of a fixed start. */
export type AuditQuery = Partial<Record<(typeof QUERY_KEYS)[number], string>>;

export const QUERY_KEYS = [
  'type',
  'agent_id',
  'tool_id',
  'actor_type',
  'actor_id',
  'stream_id',
  'range',
  'from',
  'to',
] as const;

const HOUR = 3_600_000;
export const RANGES: Array<{ value: string; label: string; ms?: number }> = [
  { value: '', label: 'any time' },
  { value: '1h', label: 'the last hour', ms: HOUR },
  { value: '24h', label: 'the last 24 hours', ms: 24 * HOUR },
  { value: '7d', label: 'the last 7 days', ms: 7 * 24 * HOUR },
  { value: '30d', label: 'the last 30 days', ms: 30 * 24 * HOUR },
  { value: 'custom', label: 'between dates…' },
];

export const PRESETS: Array<{ label: string; query: AuditQuery }> = [
  { label: 'Fetches, last 7 days', query: { type: 'CredentialVended', range: '7d' } },
  {
    label: 'Refused fetches, last 24 hours',
    query: { type: 'CredentialDenied,AgentRequestsRefused', range: '24h' },
  },
  {
    label: 'Decisions, last 30 days',
    query: { type: 'AccessApproved,AccessDenied,GrantRevoked', range: '30d' },
  },
  { label: 'Sign-ins, last 7 days', query: { type: 'MemberLoginSucceeded,MemberLoginFailed', range: '7d' } },
];

export function queryFrom(params: URLSearchParams): AuditQuery {
  const out: AuditQuery = {};
  for (const key of QUERY_KEYS) {
    const value = params.get(key);
    if (value) out[key] = value;
  }
  return out;
}

/** The API's filters for a query, with a relative range resolved against `now`. */
export function filtersOf(q: AuditQuery, now = Date.now()): AuditFilters {
  const range = RANGES.find((r) => r.value === q.range);
  const custom = !q.range || q.range === 'custom';
  return {
    type: q.type,
    agent_id: q.agent_id,
    tool_id: q.tool_id,
    actor_type: q.actor_type as AuditFilters['actor_type'],
    actor_id: q.actor_id,
    stream_id: q.stream_id,
    from: range?.ms ? new Date(now - range.ms).toISOString() : custom ? q.from : undefined,
    to: custom ? q.to : undefined,
  };
}

interface Props {
  value: AuditQuery;
  agents: Agent[];
  tools: Tool[];
  members: Member[];
  onChange: (query: AuditQuery) => void;
}

/**
 * The query box: who did what to which tool, and when, in words. Each choice applies at once
 * (no event names to know); the event type and stream stay available for those who do.
 */
export function AuditQueryBox({ value, agents, tools, members, onChange }: Props) {
  const set = (patch: AuditQuery) => {
    const next: AuditQuery = { ...value, ...patch };
    for (const k of Object.keys(next) as Array<keyof AuditQuery>) if (!next[k]) delete next[k];
    onChange(next);
  };
  const action = ACTIONS.find((a) => a.types === value.type);
  const local = (iso?: string) => (iso ? toLocalInput(new Date(iso)) : '');
  const id = useId();
  return (
    <div className="audit-query">
      <div className="presets" role="group" aria-label="Presets">
        {PRESETS.map((p) => {
          const active = p.query.type === value.type && p.query.range === value.range;
          return (
            <button
              key={p.label}
              type="button"
              className={active ? 'button chip active' : 'button chip'}
              aria-pressed={active}
              onClick={() => set({ ...p.query, from: undefined, to: undefined })}
            >
              {p.label}
            </button>
          );
        })}
        <button type="button" className="button chip" onClick={() => onChange({})}>
          Everything
        </button>
      </div>
      <form className="filters audit-filters" aria-label="Find events" onSubmit={(e) => e.preventDefault()}>
        <div className="field-col">
          <label htmlFor={`${id}-agent`}>Agent</label>
          <select
            id={`${id}-agent`}
            value={value.agent_id ?? ''}
            onChange={(e) => set({ agent_id: e.target.value })}
          >
            <option value="">any agent</option>
            {agents.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field-col">
          <label htmlFor={`${id}-what-happened`}>What happened</label>
          <select
            id={`${id}-what-happened`}
            value={action?.value ?? (value.type ? 'custom' : '')}
            onChange={(e) => set({ type: ACTIONS.find((a) => a.value === e.target.value)?.types ?? '' })}
          >
            <option value="">anything</option>
            {ACTIONS.map((a) => (
              <option key={a.value} value={a.value}>
                {a.label}
              </option>
            ))}
            {value.type && !action && <option value="custom">event type {value.type}</option>}
          </select>
        </div>
        <div className="field-col">
          <label htmlFor={`${id}-tool`}>Tool</label>
          <select
            id={`${id}-tool`}
            value={value.tool_id ?? ''}
            onChange={(e) => set({ tool_id: e.target.value })}
          >
            <option value="">any tool</option>
            {tools.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field-col">
          <label htmlFor={`${id}-done-by-member`}>Done by member</label>
          <select
            id={`${id}-done-by-member`}
            value={value.actor_type === 'member' ? (value.actor_id ?? '') : ''}
            onChange={(e) =>
              set({ actor_id: e.target.value, actor_type: e.target.value ? 'member' : undefined })
            }
          >
            <option value="">anyone</option>
            {members.map((m) => (
              <option key={m.id} value={m.id}>
                {m.display_name || m.email}
              </option>
            ))}
          </select>
        </div>
        <div className="field-col">
          <label htmlFor={`${id}-when`}>When</label>
          <select
            id={`${id}-when`}
            value={value.range ?? (value.from || value.to ? 'custom' : '')}
            onChange={(e) => set({ range: e.target.value })}
          >
            {RANGES.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </select>
        </div>
        {(value.range === 'custom' || (!value.range && (value.from || value.to))) && (
          <>
            <div className="field-col">
              <label htmlFor={`${id}-from`}>From</label>
              <input
                id={`${id}-from`}
                type="datetime-local"
                step={1}
                defaultValue={local(value.from)}
                onChange={(e) => set({ from: fromLocalInput(e.target.value) ?? '' })}
              />
            </div>
            <div className="field-col">
              <label htmlFor={`${id}-to`}>To</label>
              <input
                id={`${id}-to`}
                type="datetime-local"
                step={1}
                defaultValue={local(value.to)}
                onChange={(e) => set({ to: fromLocalInput(e.target.value) ?? '' })}
              />
            </div>
          </>
        )}
        <details className="advanced">
          <summary>Event type or stream</summary>
          <div className="field-col">
            <label htmlFor={`${id}-event-type`}>Event type</label>
            <input
              id={`${id}-event-type`}
              defaultValue={value.type}
              placeholder="e.g. CredentialVended"
              onBlur={(e) => set({ type: e.target.value.trim() })}
            />
          </div>
          <div className="field-col">
            <label htmlFor={`${id}-stream-id`}>Stream id</label>
            <input
              id={`${id}-stream-id`}
              defaultValue={value.stream_id}
              placeholder="access-…"
              onBlur={(e) => set({ stream_id: e.target.value.trim() })}
            />
          </div>
        </details>
      </form>
    </div>
  );
}
