/** Tool suggestion events (`suggestion-{id}`). Data is the audit record, in snake_case. */
export interface ToolSuggested {
  suggestion_id: string;
  org_id: string;
  name: string;
  url: string | null;
  domain: string | null;
  name_key: string;
  agent_id: string;
  reason: string;
}

/** Another agent backs the suggestion, or a backer restates its reason (the latest is kept). */
export interface SuggestionBacked {
  suggestion_id: string;
  agent_id: string;
  reason: string;
  /** Set when this backer named the domain the suggestion did not know yet. */
  domain?: string;
  url?: string;
}

export interface SuggestionAccepted {
  suggestion_id: string;
  tool_id: string;
  accepted_by: string;
  /** Backers who get a pending request for the new tool. */
  backers: string[];
  /** Backers left out because their earlier request for this tool was denied or revoked. */
  skipped_backers: Array<{ agent_id: string; status: string }>;
}

export interface SuggestionDismissed {
  suggestion_id: string;
  dismissed_by: string;
  reason: string;
  /** New suggestions of the same tool answer 409 until then. */
  cooldown_until: string;
  domain: string | null;
  name_key: string;
}

export const SUGGESTION_EVENT_TYPES = [
  'ToolSuggested',
  'SuggestionBacked',
  'SuggestionAccepted',
  'SuggestionDismissed',
] as const;

export const COOLDOWN_SECONDS = 24 * 3600;

export const suggestionStream = (id: string) => `suggestion-${id}`;
