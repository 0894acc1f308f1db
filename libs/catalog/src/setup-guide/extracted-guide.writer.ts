import type { GuideRequest, GuideResult, GuideWriter } from './guide-writer';
import {
  agentInstructions,
  apiBaseUrl,
  credentialSections,
  guessAuthType,
  productName,
  scopesIn,
} from './page-facts';

const MAX_CHARS = 12_000;

/** The first words of every extracted guide; the console adds how to have a model write it. */
export const EXTRACTED_LABEL =
  '> **Extracted from the page, not written by a model.** These are the page’s own sections about ' +
  'authentication, keys, tokens and scopes; no AI provider is configured.\n\n';

/**
 * The zero-setup guide: no provider, no model, the page's own words. Streamed like a model's,
 * one section at a time, and labelled so nobody takes it for a written guide.
 */
export class ExtractedGuideWriter implements GuideWriter {
  readonly kind = 'extracted' as const;
  readonly provider = null;
  readonly model = null;

  async write(
    { page, toolName, signal }: GuideRequest,
    emit: (markdown: string) => Promise<void>,
  ): Promise<GuideResult> {
    await emit(EXTRACTED_LABEL);
    const sections = credentialSections(page.sections);
    let budget = MAX_CHARS;
    if (sections.length === 0) {
      await emit(
        'The page has no section about authentication, API keys, tokens or scopes. It begins:\n\n' +
          `${page.markdown.slice(0, 1500)}\n`,
      );
    }
    for (const section of sections) {
      signal.throwIfAborted();
      const heading = section.heading
        ? `${'#'.repeat(Math.min(section.level + 1, 6))} ${section.heading}\n\n`
        : '';
      const text = `${heading}${section.markdown}\n\n`.slice(0, budget);
      if (!text) break;
      budget -= text.length;
      await emit(text);
    }
    const authType = guessAuthType(sections.map((s) => s.markdown).join('\n') || page.markdown);
    const url = apiBaseUrl(page.urls, page.finalUrl);
    return {
      proposed: {
        name: productName(page, toolName),
        url,
        auth_type: authType,
        instructions: agentInstructions(authType, url, page.finalUrl),
        scopes: scopesIn(sections),
      },
      tokensIn: null,
      tokensOut: null,
    };
  }
}
