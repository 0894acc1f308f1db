import type { DocsPage } from './docs-page.reader';
import type { GuideKind } from './setup-guide.events';

/** What the writer is told besides the page. All of it is shown to the admin later anyway. */
export interface GuideRequest {
  page: DocsPage;
  toolName: string | null;
  /** For a suggestion: why each backing agent asked (untrusted, as the page is). */
  reasons: Array<{ agent: string; reason: string }>;
  signal: AbortSignal;
}

export interface GuideResult {
  /** The writer's draft of the tool's fields, unchecked: tool-draft.ts decides what is kept. */
  proposed: unknown;
  tokensIn: number | null;
  tokensOut: number | null;
}

/**
 * Writes a setup guide from a docs page, handing each piece of markdown to `emit` as soon as
 * it exists: a model (ai-guide.writer.ts) or the page's own sections (extracted-guide.writer.ts).
 */
export interface GuideWriter {
  readonly kind: GuideKind;
  /** The provider's host, for the log and the console; null when no model is involved. */
  readonly provider: string | null;
  readonly model: string | null;
  write(request: GuideRequest, emit: (markdown: string) => Promise<void>): Promise<GuideResult>;
}

export const GUIDE_WRITER = Symbol('GuideWriter');
