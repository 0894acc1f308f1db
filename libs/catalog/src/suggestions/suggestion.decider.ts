import { DomainError } from '../../../common/src/domain-error';
import type { Decider } from '../../../event-store/src/decider';
import type { NewEvent } from '../../../event-store/src/event';
import {
  COOLDOWN_SECONDS,
  type SuggestionAccepted,
  type SuggestionBacked,
  type SuggestionDismissed,
  type ToolSuggested,
} from './suggestion.events';

export type SuggestionCommand =
  | {
      kind: 'suggest';
      suggestionId: string;
      orgId: string;
      agentId: string;
      name: string;
      url: string | null;
      domain: string | null;
      nameKey: string;
      reason: string;
    }
  | {
      kind: 'accept';
      memberId: string;
      toolId: string;
      /** Backers whose latest request for this tool was denied or revoked, with that status. */
      excluded: Record<string, string>;
    }
  | { kind: 'dismiss'; memberId: string; reason: string; now: Date };

export interface SuggestionState {
  exists: boolean;
  id: string;
  orgId: string;
  status: 'open' | 'accepted' | 'dismissed';
  domain: string | null;
  nameKey: string;
  /** Each backer's latest reason, in the order they first backed. */
  backers: Record<string, string>;
}

const event = (type: string, data: object): NewEvent => ({ type, data: { ...data } });

export const suggestionDecider: Decider<SuggestionState, SuggestionCommand> = {
  initialState: () => ({
    exists: false,
    id: '',
    orgId: '',
    status: 'open',
    domain: null,
    nameKey: '',
    backers: {},
  }),

  evolve(state, e) {
    switch (e.type) {
      case 'ToolSuggested': {
        const d = e.data as unknown as ToolSuggested;
        return {
          exists: true,
          id: d.suggestion_id,
          orgId: d.org_id,
          status: 'open',
          domain: d.domain,
          nameKey: d.name_key,
          backers: { [d.agent_id]: d.reason },
        };
      }
      case 'SuggestionBacked': {
        const d = e.data as unknown as SuggestionBacked;
        return {
          ...state,
          domain: state.domain ?? d.domain ?? null,
          backers: { ...state.backers, [d.agent_id]: d.reason },
        };
      }
      case 'SuggestionAccepted':
        return { ...state, status: 'accepted' };
      case 'SuggestionDismissed':
        return { ...state, status: 'dismissed' };
      default:
        return state;
    }
  },

  decide(command, state) {
    if (command.kind === 'suggest') return suggest(command, state);
    if (!state.exists) throw new DomainError('not_found', 'not-found', 'the suggestion was not found');
    if (state.status !== 'open') {
      throw new DomainError('conflict', 'suggestion-closed', `the suggestion is ${state.status}, not open`);
    }
    if (command.kind === 'accept') {
      const backers = Object.keys(state.backers);
      const accepted: SuggestionAccepted = {
        suggestion_id: state.id,
        tool_id: command.toolId,
        accepted_by: command.memberId,
        backers: backers.filter((a) => !(a in command.excluded)),
        skipped_backers: backers
          .filter((a) => a in command.excluded)
          .map((agent_id) => ({ agent_id, status: command.excluded[agent_id] })),
      };
      return [event('SuggestionAccepted', accepted)];
    }
    const dismissed: SuggestionDismissed = {
      suggestion_id: state.id,
      dismissed_by: command.memberId,
      reason: command.reason.trim(),
      cooldown_until: new Date(command.now.getTime() + COOLDOWN_SECONDS * 1000).toISOString(),
      domain: state.domain,
      name_key: state.nameKey,
    };
    return [event('SuggestionDismissed', dismissed)];
  },
};

function suggest(
  command: Extract<SuggestionCommand, { kind: 'suggest' }>,
  state: SuggestionState,
): NewEvent[] {
  const reason = command.reason.trim();
  if (!state.exists) {
    const suggested: ToolSuggested = {
      suggestion_id: command.suggestionId,
      org_id: command.orgId,
      name: command.name.trim(),
      url: command.url,
      domain: command.domain,
      name_key: command.nameKey,
      agent_id: command.agentId,
      reason,
    };
    return [event('ToolSuggested', suggested)];
  }
  if (state.status !== 'open') {
    throw new DomainError('conflict', 'suggestion-closed', `the suggestion is ${state.status}, not open`);
  }
  const learnsDomain = state.domain === null && command.domain !== null;
  // Repeating the same reason changes nothing: an idempotent retry appends no event.
  if (state.backers[command.agentId] === reason && !learnsDomain) return [];
  const backed: SuggestionBacked = { suggestion_id: command.suggestionId, agent_id: command.agentId, reason };
  if (learnsDomain) Object.assign(backed, { domain: command.domain, url: command.url });
  return [event('SuggestionBacked', backed)];
}
