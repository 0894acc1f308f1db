/** Agents' corrections to a tool's usage instructions (`instruction-suggestion-{id}`). */
export interface InstructionsSuggested {
  suggestion_id: string;
  org_id: string;
  tool_id: string;
  agent_id: string;
  learned: string;
  why: string;
  /** SHA-256 of the normalised text: the same lesson backs the same suggestion. */
  text_key: string;
}

export interface InstructionSuggestionBacked {
  suggestion_id: string;
  agent_id: string;
  why: string;
}

export interface InstructionSuggestionAccepted {
  suggestion_id: string;
  tool_id: string;
  accepted_by: string;
  /** The instructions version that took the lesson in (unchanged if the text already had it). */
  instructions_version: number;
}

export interface InstructionSuggestionDismissed {
  suggestion_id: string;
  dismissed_by: string;
  reason: string;
}

export const INSTRUCTION_SUGGESTION_EVENT_TYPES = [
  'InstructionsSuggested',
  'InstructionSuggestionBacked',
  'InstructionSuggestionAccepted',
  'InstructionSuggestionDismissed',
] as const;

export const instructionSuggestionStream = (id: string) => `instruction-suggestion-${id}`;
