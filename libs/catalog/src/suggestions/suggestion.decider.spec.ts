import { deciderSpec } from '../../../event-store/src/decider-spec';
import type { NewEvent } from '../../../event-store/src/event';
import { type SuggestionCommand, suggestionDecider } from './suggestion.decider';

const spec = deciderSpec(suggestionDecider);
const ID = 's-1';
const suggest = (
  agentId: string,
  reason: string,
  extra: Partial<SuggestionCommand> = {},
): SuggestionCommand =>
  ({
    kind: 'suggest',
    suggestionId: ID,
    orgId: 'org-1',
    agentId,
    name: 'Linear',
    url: null,
    domain: null,
    nameKey: 'linear',
    reason,
    ...extra,
  }) as SuggestionCommand;
const suggested: NewEvent = {
  type: 'ToolSuggested',
  data: {
    suggestion_id: ID,
    org_id: 'org-1',
    name: 'Linear',
    url: null,
    domain: null,
    name_key: 'linear',
    agent_id: 'a1',
    reason: 'track the bugs we find',
  },
};
const backed = (agent: string, reason: string): NewEvent => ({
  type: 'SuggestionBacked',
  data: { suggestion_id: ID, agent_id: agent, reason },
});
const NOW = new Date('2030-01-01T00:00:00Z');

describe('suggestion decider', () => {
  it('opens a suggestion with its first backer', () => {
    spec
      .given([])
      .when(suggest('a1', '  track the bugs we find '))
      .then([
        {
          type: 'ToolSuggested',
          data: { suggestion_id: ID, agent_id: 'a1', reason: 'track the bugs we find' },
        },
      ]);
  });

  it('backs an open suggestion, and keeps a backer’s latest reason', () => {
    spec
      .given([suggested])
      .when(suggest('a2', 'plan sprints'))
      .then([{ type: 'SuggestionBacked', data: { agent_id: 'a2' } }]);
    spec
      .given([suggested])
      .when(suggest('a1', 'a better reason'))
      .then([{ type: 'SuggestionBacked', data: { agent_id: 'a1', reason: 'a better reason' } }]);
  });

  it('appends nothing when a backer repeats itself', () => {
    spec.given([suggested]).when(suggest('a1', 'track the bugs we find')).then([]);
  });

  it('learns the domain from a backer that names it', () => {
    spec
      .given([suggested])
      .when(suggest('a1', 'track the bugs we find', { domain: 'linear.app', url: 'https://linear.app' }))
      .then([{ type: 'SuggestionBacked', data: { domain: 'linear.app', url: 'https://linear.app' } }]);
  });

  it('accepts for every backer but those excluded by an earlier denial or revocation', () => {
    spec
      .given([suggested, backed('a2', 'plan sprints'), backed('a3', 'file issues')])
      .when({ kind: 'accept', memberId: 'm1', toolId: 't1', excluded: { a2: 'denied' } })
      .then([
        {
          type: 'SuggestionAccepted',
          data: {
            suggestion_id: ID,
            tool_id: 't1',
            backers: ['a1', 'a3'],
            skipped_backers: [{ agent_id: 'a2', status: 'denied' }],
          },
        },
      ]);
  });

  it('dismisses with a 24-hour cooldown over the suggestion’s keys', () => {
    spec
      .given([suggested])
      .when({ kind: 'dismiss', memberId: 'm1', reason: ' not now ', now: NOW })
      .then([
        {
          type: 'SuggestionDismissed',
          data: {
            reason: 'not now',
            cooldown_until: '2030-01-02T00:00:00.000Z',
            name_key: 'linear',
            domain: null,
          },
        },
      ]);
  });

  it('refuses to change a closed suggestion, and to decide on one that does not exist', () => {
    const accepted: NewEvent = { type: 'SuggestionAccepted', data: { suggestion_id: ID, tool_id: 't1' } };
    spec
      .given([suggested, accepted])
      .when(suggest('a2', 'too late'))
      .thenThrows({ kind: 'conflict', type: 'suggestion-closed' });
    spec
      .given([suggested, accepted])
      .when({ kind: 'dismiss', memberId: 'm1', reason: 'no', now: NOW })
      .thenThrows({ kind: 'conflict', type: 'suggestion-closed' });
    spec
      .given([])
      .when({ kind: 'accept', memberId: 'm1', toolId: 't1', excluded: {} })
      .thenThrows({ kind: 'not_found' });
  });
});
