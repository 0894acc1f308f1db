import { DomainError } from '../../../common/src/domain-error';
import type { Decider } from '../../../event-store/src/decider';
import type { NewEvent } from '../../../event-store/src/event';
import type {
  InstructionSuggestionAccepted,
  InstructionSuggestionBacked,
  InstructionSuggestionDismissed,
  InstructionsSuggested,
} from './instruction-suggestion.events';

export type InstructionSuggestionCommand =
  | {
      kind: 'suggest';
      suggestionId: string;
      orgId: string;
      toolId: string;
      agentId: string;
      learned: string;
      why: string;
      textKey: string;
    }
  | { kind: 'accept'; memberId: string; instructionsVersion: number }
  | { kind: 'dismiss'; memberId: string; reason: string };

export interface InstructionSuggestionState {
  exists: boolean;
  id: string;
  orgId: string;
  toolId: string;
  learned: string;
  status: 'open' | 'accepted' | 'dismissed';
  backers: Record<string, string>;
}

const event = (type: string, data: object): NewEvent => ({ type, data: { ...data } });

export const instructionSuggestionDecider: Decider<InstructionSuggestionState, InstructionSuggestionCommand> =
  {
    initialState: () => ({
      exists: false,
      id: '',
      orgId: '',
      toolId: '',
      learned: '',
      status: 'open',
      backers: {},
    }),

    evolve(state, e) {
      switch (e.type) {
        case 'InstructionsSuggested': {
          const d = e.data as unknown as InstructionsSuggested;
          return {
            exists: true,
            id: d.suggestion_id,
            orgId: d.org_id,
            toolId: d.tool_id,
            learned: d.learned,
            status: 'open',
            backers: { [d.agent_id]: d.why },
          };
        }
        case 'InstructionSuggestionBacked': {
          const d = e.data as unknown as InstructionSuggestionBacked;
          return { ...state, backers: { ...state.backers, [d.agent_id]: d.why } };
        }
        case 'InstructionSuggestionAccepted':
          return { ...state, status: 'accepted' };
        case 'InstructionSuggestionDismissed':
          return { ...state, status: 'dismissed' };
        default:
          return state;
      }
    },

    decide(command, state) {
      if (command.kind === 'suggest' && !state.exists) {
        const data: InstructionsSuggested = {
          suggestion_id: command.suggestionId,
          org_id: command.orgId,
          tool_id: command.toolId,
          agent_id: command.agentId,
          learned: command.learned.trim(),
          why: command.why.trim(),
          text_key: command.textKey,
        };
        return [event('InstructionsSuggested', data)];
      }
      if (!state.exists)
        throw new DomainError('not_found', 'not-found', 'the instruction suggestion was not found');
      if (state.status !== 'open') {
        throw new DomainError('conflict', 'suggestion-closed', `the suggestion is ${state.status}, not open`);
      }
      switch (command.kind) {
        case 'suggest': {
          const why = command.why.trim();
          if (state.backers[command.agentId] === why) return [];
          const data: InstructionSuggestionBacked = {
            suggestion_id: state.id,
            agent_id: command.agentId,
            why,
          };
          return [event('InstructionSuggestionBacked', data)];
        }
        case 'accept': {
          const data: InstructionSuggestionAccepted = {
            suggestion_id: state.id,
            tool_id: state.toolId,
            accepted_by: command.memberId,
            instructions_version: command.instructionsVersion,
          };
          return [event('InstructionSuggestionAccepted', data)];
        }
        case 'dismiss': {
          const data: InstructionSuggestionDismissed = {
            suggestion_id: state.id,
            dismissed_by: command.memberId,
            reason: command.reason.trim(),
          };
          return [event('InstructionSuggestionDismissed', data)];
        }
      }
    },
  };
