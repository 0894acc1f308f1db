import OpenAI from 'openai';
import type { AiConfig } from '../../../config/src/config';
import { DraftSplitter } from './draft-splitter';
import { GuideProblem } from './guide-problem';
import { guideMessages } from './guide-prompt';
import type { GuideRequest, GuideResult, GuideWriter } from './guide-writer';

/** Until the provider answers at all; a stream that then goes quiet is bounded by the guide's deadline. */
const CONNECT_TIMEOUT_MS = 60_000;

/**
 * A guide written by any OpenAI-compatible chat-completions endpoint (OpenAI, Azure, a gateway,
 * a local Ollama or vLLM), streamed: each piece of text goes to the admin as it arrives. The
 * model gets no tools; what it proposes for the tool is checked by tool-draft.ts. The endpoint
 * is operator configuration, so it is called directly, not through the outbound guard (ADR 0019).
 */
export class AiGuideWriter implements GuideWriter {
  readonly kind = 'ai' as const;
  readonly provider: string;
  readonly model: string;
  private readonly client: OpenAI;

  constructor(config: AiConfig) {
    this.provider = new URL(config.baseUrl).host;
    this.model = config.model;
    this.client = new OpenAI({
      baseURL: config.baseUrl,
      // The client insists on a key; a local Ollama ignores whatever is sent.
      apiKey: config.apiKey ?? 'none',
      maxRetries: 0,
      timeout: CONNECT_TIMEOUT_MS,
    });
  }

  async write(request: GuideRequest, emit: (markdown: string) => Promise<void>): Promise<GuideResult> {
    const splitter = new DraftSplitter();
    let usage: OpenAI.CompletionUsage | undefined;
    try {
      const stream = await this.client.chat.completions.create(
        {
          model: this.model,
          messages: guideMessages(request),
          stream: true,
          stream_options: { include_usage: true },
          temperature: 0.2,
        },
        { signal: request.signal },
      );
      for await (const chunk of stream) {
        const text = chunk.choices[0]?.delta?.content;
        if (text) {
          const shown = splitter.push(text);
          if (shown) await emit(shown);
        }
        if (chunk.usage) usage = chunk.usage;
      }
      // The client library ends an aborted stream quietly, as if the model had finished.
      request.signal.throwIfAborted();
    } catch (error) {
      if (request.signal.aborted) throw error;
      throw this.problem(error);
    }
    const rest = splitter.flush();
    if (rest) await emit(rest);
    return {
      proposed: splitter.draft(),
      tokensIn: usage?.prompt_tokens ?? null,
      tokensOut: usage?.completion_tokens ?? null,
    };
  }

  /** The provider's own message is left out: some echo the key they were given. */
  private problem(error: unknown): GuideProblem {
    const extra = { provider: this.provider, model: this.model };
    if (error instanceof OpenAI.APIConnectionTimeoutError) {
      return new GuideProblem(
        504,
        'ai-provider-timeout',
        `the AI provider ${this.provider} did not answer in time`,
        extra,
      );
    }
    if (error instanceof OpenAI.APIConnectionError) {
      return new GuideProblem(
        502,
        'ai-provider-failed',
        `the AI provider ${this.provider} could not be reached`,
        extra,
      );
    }
    if (error instanceof OpenAI.APIError && typeof error.status === 'number') {
      const why =
        error.status === 401 || error.status === 403
          ? 'refused the credentials: check KEYLEDGER_AI_API_KEY'
          : error.status === 404
            ? `does not know model ${this.model} at this URL: check KEYLEDGER_AI_MODEL and KEYLEDGER_AI_BASE_URL`
            : error.status === 429
              ? 'is rate limiting or out of quota; try again later'
              : `failed with HTTP ${error.status}`;
      return new GuideProblem(502, 'ai-provider-failed', `the AI provider ${this.provider} ${why}`, {
        ...extra,
        provider_status: error.status,
      });
    }
    return new GuideProblem(
      502,
      'ai-provider-failed',
      `the AI provider ${this.provider}'s answer broke off`,
      extra,
    );
  }
}
