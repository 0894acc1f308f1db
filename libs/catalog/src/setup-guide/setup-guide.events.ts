/**
 * Setup guides (`setup-guide-{id}`, one stream per guide: guides never contend). Recorded for
 * the audit trail: who asked, for which page, which provider and model, and what it cost.
 * Never the page's text nor the guide's (docs/adr/0019).
 */
export const GUIDE_KINDS = ['ai', 'extracted'] as const;
export type GuideKind = (typeof GUIDE_KINDS)[number];

export const GUIDE_OUTCOMES = ['completed', 'failed', 'cancelled'] as const;
export type GuideOutcome = (typeof GUIDE_OUTCOMES)[number];

/** Appended before anything leaves the service: if the log is down, no page is sent anywhere. */
export interface SetupGuideStarted {
  guide_id: string;
  org_id: string;
  /** Origin and path only: a query string may carry a token. */
  docs_url: string;
  tool_name: string | null;
  suggestion_id: string | null;
  guide: GuideKind;
  /** The provider's host (e.g. api.openai.com); null for an extracted guide. */
  provider: string | null;
  model: string | null;
}

export interface SetupGuideFinished {
  guide_id: string;
  outcome: GuideOutcome;
  /** Where the page was read after redirects (origin and path); null when it was not. */
  final_url: string | null;
  page_bytes: number | null;
  tokens_in: number | null;
  tokens_out: number | null;
  duration_ms: number;
  /** The problem type of a failed guide. */
  error_type: string | null;
}

export const SETUP_GUIDE_EVENT_TYPES = ['SetupGuideStarted', 'SetupGuideFinished'] as const;

export const setupGuideStream = (id: string) => `setup-guide-${id}`;

/** A URL as the log records it: no credentials, query or fragment. */
export function recordedUrl(raw: string): string {
  const url = new URL(raw);
  return `${url.origin}${url.pathname}`;
}
