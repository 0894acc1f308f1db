import { deciderSpec } from '../../../event-store/src/decider-spec';
import type { NewEvent } from '../../../event-store/src/event';
import { instructionSuggestionDecider } from './instruction-suggestion.decider';
import { appendLesson, lessonKey, normaliseLesson } from './instruction-text';

const spec = deciderSpec(instructionSuggestionDecider);
const suggest = (agentId: string, why: string) => ({
  kind: 'suggest' as const,
  suggestionId: 'i1',
  orgId: 'o1',
  toolId: 't1',
  agentId,
  learned: ' Use /search/issues. ',
  why,
  textKey: lessonKey('Use /search/issues.'),
});
const suggested: NewEvent = {
  type: 'InstructionsSuggested',
  data: {
    suggestion_id: 'i1',
    org_id: 'o1',
    tool_id: 't1',
    agent_id: 'a1',
    learned: 'Use /search/issues.',
    why: 'missed results',
  },
};

describe('instruction suggestion decider', () => {
  it('opens, backs, ignores a repeat, accepts with the version and refuses once closed', () => {
    spec
      .given([])
      .when(suggest('a1', 'missed results'))
      .then([{ type: 'InstructionsSuggested', data: { learned: 'Use /search/issues.' } }]);
    spec
      .given([suggested])
      .when(suggest('a2', 'same here'))
      .then([{ type: 'InstructionSuggestionBacked', data: { agent_id: 'a2' } }]);
    spec.given([suggested]).when(suggest('a1', 'missed results')).then([]);
    spec
      .given([suggested])
      .when({ kind: 'accept', memberId: 'm1', instructionsVersion: 3 })
      .then([{ type: 'InstructionSuggestionAccepted', data: { tool_id: 't1', instructions_version: 3 } }]);
    const dismissed: NewEvent = { type: 'InstructionSuggestionDismissed', data: { suggestion_id: 'i1' } };
    spec
      .given([suggested, dismissed])
      .when(suggest('a2', 'again'))
      .thenThrows({ kind: 'conflict', type: 'suggestion-closed' });
    spec.given([]).when({ kind: 'dismiss', memberId: 'm1', reason: 'no' }).thenThrows({ kind: 'not_found' });
  });

  it('treats case, spacing and punctuation as the same lesson, and appends it as a paragraph', () => {
    expect(normaliseLesson('  Use  /search/issues! ')).toBe('use search issues');
    expect(lessonKey('Use /search/issues.')).toBe(lessonKey('use search — issues'));
    expect(lessonKey('Use /search/issues.')).not.toBe(lessonKey('Use /issues.'));
    expect(appendLesson('Bearer token.\n\n', ' Mind the limit. ')).toBe('Bearer token.\n\nMind the limit.');
    expect(appendLesson('', 'Mind the limit.')).toBe('Mind the limit.');
  });
});
