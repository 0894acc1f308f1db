/** The line the model writes between the guide and its JSON draft (guide-prompt.ts). */
export const DRAFT_MARKER = '===KEYLEDGER-DRAFT===';

/**
 * Splits a model's streamed answer into the guide (passed on as it comes) and the JSON draft
 * after DRAFT_MARKER (kept back). Only a tail that could be the start of the marker is held
 * back, so the guide reaches the admin chunk by chunk, never buffered whole.
 */
export class DraftSplitter {
  private pending = '';
  private draftText: string | null = null;

  /** Feeds the next chunk; answers the guide text that may be shown now. */
  push(chunk: string): string {
    if (this.draftText !== null) {
      this.draftText += chunk;
      return '';
    }
    const text = this.pending + chunk;
    const at = text.indexOf(DRAFT_MARKER);
    if (at >= 0) {
      this.draftText = text.slice(at + DRAFT_MARKER.length);
      this.pending = '';
      return text.slice(0, at);
    }
    const keep = heldBack(text);
    this.pending = text.slice(text.length - keep);
    return text.slice(0, text.length - keep);
  }

  /** At the end of the answer: the guide text still held back. */
  flush(): string {
    const rest = this.pending;
    this.pending = '';
    return rest;
  }

  /** The draft the model wrote after the marker, parsed; undefined when there is none. */
  draft(): unknown {
    if (this.draftText === null) return undefined;
    const start = this.draftText.indexOf('{');
    const end = this.draftText.lastIndexOf('}');
    if (start < 0 || end < start) return undefined;
    try {
      return JSON.parse(this.draftText.slice(start, end + 1));
    } catch {
      return undefined;
    }
  }
}

/** The length of the longest suffix of `text` that is a proper prefix of the marker. */
function heldBack(text: string): number {
  for (let n = Math.min(DRAFT_MARKER.length - 1, text.length); n > 0; n--) {
    if (DRAFT_MARKER.startsWith(text.slice(text.length - n))) return n;
  }
  return 0;
}
