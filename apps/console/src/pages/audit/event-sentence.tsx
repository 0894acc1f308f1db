import type { ReactNode } from 'react';
import type { AuditEvent } from '../../api/types';
import { humanDuration } from '../../ui/time';
import type { Names } from './names';

const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
const quote = (v: unknown) => (str(v) ? <q>{str(v)}</q> : null);

const DENIAL: Record<string, string> = {
  no_grant: 'it holds no grant',
  pending: 'its request is still pending',
  denied: 'its request was denied',
  revoked: 'its grant was revoked',
  expired: 'its grant expired',
  suspended: 'the agent is suspended',
  tool_retired: 'the tool is retired',
  no_secret: 'the tool has no secret',
};

/** What an action is called in words, for the query box and presets (never the event names). */
export const ACTIONS: Array<{ value: string; label: string; types: string }> = [
  { value: 'fetched', label: 'fetched a credential', types: 'CredentialVended' },
  { value: 'refused', label: 'was refused a credential', types: 'CredentialDenied,AgentRequestsRefused' },
  { value: 'requested', label: 'asked for access', types: 'AccessRequested' },
  { value: 'approved', label: 'approved access', types: 'AccessApproved' },
  { value: 'denied', label: 'denied a request', types: 'AccessDenied' },
  {
    value: 'ended',
    label: 'revoked or expired access',
    types: 'GrantRevoked,GrantExpired,AccessRequestExpired',
  },
  {
    value: 'agents',
    label: 'registered, changed or suspended agents and keys',
    types: 'AgentRegistered,AgentUpdated,AgentKeyIssued,AgentKeyRevoked,AgentSuspended,AgentReactivated',
  },
  {
    value: 'tools',
    label: 'added, changed or retired tools and secrets',
    types: 'ToolAdded,ToolUpdated,ToolSecretRotated,ToolRetired,ToolPolicyChanged',
  },
  {
    value: 'suggestions',
    label: 'suggested tools',
    types: 'ToolSuggested,SuggestionBacked,SuggestionAccepted,SuggestionDismissed',
  },
  {
    value: 'members',
    label: 'changed members or policy',
    types: 'MemberAdded,MemberUpdated,MemberRoleChanged,MemberRemoved,OrgPolicyChanged',
  },
  { value: 'sign-ins', label: 'signed in or failed to', types: 'MemberLoginSucceeded,MemberLoginFailed' },
];

export const actionOfTypes = (types: string | undefined) => ACTIONS.find((a) => a.types === types)?.value;

/**
 * An event as a sentence with names and links: "billing-reconciler fetched Stripe (secret v1)".
 * The time, place and actor kind are shown beside it; the recorded JSON one click away.
 */
export function eventSentence(e: AuditEvent, n: Names): ReactNode {
  const d = e.data;
  const actor = e.metadata.actor;
  const who =
    actor.type === 'agent' ? (
      n.agent(actor.id, actor.name)
    ) : actor.type === 'member' ? (
      n.member(actor.id, actor.name)
    ) : (
      <strong className="name">{actor.name || 'Keyledger'}</strong>
    );
  const agent = n.agent(
    d.agent_id,
    actor.type === 'agent' && actor.id === d.agent_id ? actor.name : undefined,
  );
  const tool = n.tool(d.tool_id);
  switch (e.type) {
    case 'CredentialVended':
      return (
        <>
          {agent} fetched {tool}
          {typeof d.secret_version === 'number' && <> (secret v{d.secret_version})</>}
        </>
      );
    case 'CredentialDenied':
      return (
        <>
          {agent} was refused {tool}: {DENIAL[String(d.reason)] ?? String(d.reason)}
        </>
      );
    case 'AgentRequestsRefused':
      return (
        <>
          {agent} was refused {String(d.count)} request{d.count === 1 ? '' : 's'} (
          {d.reason === 'key_revoked' ? 'a revoked key' : 'the agent is suspended'})
        </>
      );
    case 'AccessRequested':
      return (
        <>
          {agent} asked for {tool}
          {typeof d.duration_seconds === 'number' && <> for {humanDuration(d.duration_seconds)}</>}:{' '}
          {quote(d.reason)}
        </>
      );
    case 'AccessApproved':
      return (
        <>
          {str(d.rule) ? <strong className="name">A policy rule</strong> : who} approved {agent}’s access to{' '}
          {tool}
          {typeof d.duration_seconds === 'number' && <> for {humanDuration(d.duration_seconds)}</>}
          {str(d.note) && <>: {quote(d.note)}</>}
        </>
      );
    case 'AccessApprovalRecorded':
      return (
        <>
          {who} gave {agent}’s request for {tool} approval {String(d.approvals)} of{' '}
          {String(d.required_approvals)}
        </>
      );
    case 'ToolPolicyChanged':
      return (
        <>
          {who} changed the approval policy of {tool}
        </>
      );
    case 'AccessDenied':
      return (
        <>
          {who} denied {agent}’s request for {tool}: {quote(d.reason)}
        </>
      );
    case 'GrantRevoked':
      return (
        <>
          {who} revoked {agent}’s access to {tool}: {quote(d.reason)}
        </>
      );
    case 'GrantExpired':
      return (
        <>
          {agent}’s access to {tool} expired
        </>
      );
    case 'AccessRequestExpired':
      return (
        <>
          {agent}’s request for {tool} expired undecided
        </>
      );
    case 'AgentRegistered':
      return (
        <>
          {who} registered the agent {agent}
        </>
      );
    case 'AgentUpdated':
      return (
        <>
          {who} changed the agent {agent}
        </>
      );
    case 'AgentKeyIssued':
      return (
        <>
          {who} issued a key {str(d.prefix) && <code>{str(d.prefix)}…</code>} to {agent}
        </>
      );
    case 'AgentKeyRevoked':
      return (
        <>
          {who} revoked a key of {agent}
        </>
      );
    case 'AgentSuspended':
      return (
        <>
          {who} suspended {agent}: {quote(d.reason)}
        </>
      );
    case 'AgentReactivated':
      return (
        <>
          {who} reactivated {agent}: {quote(d.reason)}
        </>
      );
    case 'ToolAdded':
      return (
        <>
          {who} added the tool {tool}
        </>
      );
    case 'ToolUpdated':
      return (
        <>
          {who} changed the tool {tool}
        </>
      );
    case 'ToolSecretRotated':
      return (
        <>
          {who} set secret v{String(d.version)} of {tool}
        </>
      );
    case 'ToolRetired':
      return (
        <>
          {who} retired the tool {tool}
          {str(d.reason) && <>: {quote(d.reason)}</>}
        </>
      );
    case 'ToolSuggested':
      return (
        <>
          {who} suggested a tool {str(d.name) && <strong>{str(d.name)}</strong>}
        </>
      );
    case 'SuggestionBacked':
      return <>{who} backed a tool suggestion</>;
    case 'SuggestionAccepted':
      return <>{who} accepted a tool suggestion</>;
    case 'SuggestionDismissed':
      return <>{who} dismissed a tool suggestion</>;
    case 'MemberAdded':
      return (
        <>
          {who} added {n.member(d.member_id, str(d.display_name) ?? str(d.email))} as {String(d.role)}
        </>
      );
    case 'MemberRoleChanged':
      return (
        <>
          {who} made {n.member(d.member_id)} {String(d.role)} (was {String(d.previous_role)})
        </>
      );
    case 'MemberRemoved':
      return (
        <>
          {who} removed {n.member(d.member_id)}
        </>
      );
    case 'MemberLoginSucceeded':
      return <>{who} signed in</>;
    case 'MemberLoginFailed':
      return <>A sign-in as {str(d.email) ? <strong>{str(d.email)}</strong> : who} failed</>;
    case 'OrgPolicyChanged':
      return (
        <>
          {who} changed the organisation’s policy{str(d.reason) && <>: {quote(d.reason)}</>}
        </>
      );
    default:
      return (
        <>
          {who}: {e.type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}
          {d.tool_id !== undefined && <> ({tool})</>}
        </>
      );
  }
}
