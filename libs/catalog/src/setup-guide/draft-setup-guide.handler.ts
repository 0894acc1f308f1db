import { randomUUID } from 'node:crypto';
import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PROBLEM_BASE, type Problem } from '../../../common/src/http/problem';
import { toMetadata } from '../../../common/src/request-context';
import { Database } from '../../../database/src/database';
import { EventStore } from '../../../event-store/src/event-store';
import { findSuggestion } from '../suggestions/suggestion.read';
import { DocsPageReader } from './docs-page.reader';
import { DraftSetupGuideCommand, type GuideStream } from './draft-setup-guide.command';
import type { SetupGuideDoneDto, SetupGuideSourceDto } from './draft-setup-guide.dto';
import { GuideProblem, guideProblem } from './guide-problem';
import { GUIDE_WRITER, type GuideWriter } from './guide-writer';
import { guessAuthType, productName } from './page-facts';
import {
  recordedUrl,
  type SetupGuideFinished,
  type SetupGuideStarted,
  setupGuideStream,
} from './setup-guide.events';
import { toolDraft } from './tool-draft';

/** However slow the model, a guide ends: its stream, and the provider call, stop after this. */
const DEADLINE_MS = 5 * 60_000;

/**
 * SetupGuideStarted before anything leaves the service, then the page, the guide as it is
 * written, the draft, and SetupGuideFinished with what it cost. Nothing is saved but those two
 * events: the admin saves the tool through POST /api/admin/tools.
 */
@CommandHandler(DraftSetupGuideCommand)
export class DraftSetupGuideHandler implements ICommandHandler<DraftSetupGuideCommand> {
  private readonly logger = new Logger('setup-guide');

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(DocsPageReader) private readonly pages: DocsPageReader,
    @Inject(GUIDE_WRITER) private readonly writer: GuideWriter,
  ) {}

  async execute({ body, ctx, open, signal, instance }: DraftSetupGuideCommand): Promise<void> {
    const begun = Date.now();
    const url = await this.pages.check(body.docs_url);
    const suggestion = body.suggestion_id
      ? await findSuggestion(this.db, ctx.orgId!, body.suggestion_id)
      : null;
    const toolName = body.tool_name ?? suggestion?.name ?? null;
    const guideId = randomUUID();
    const stream = setupGuideStream(guideId);
    const started: SetupGuideStarted = {
      guide_id: guideId,
      org_id: ctx.orgId!,
      docs_url: recordedUrl(url.toString()),
      tool_name: toolName,
      suggestion_id: suggestion?.id ?? null,
      guide: this.writer.kind,
      provider: this.writer.provider,
      model: this.writer.model,
    };
    // Fail closed: a guide the log cannot record is never started (503, as for any write).
    await this.store.append(
      stream,
      0,
      [{ type: 'SetupGuideStarted', data: { ...started } }],
      toMetadata(ctx),
    );

    const out = open();
    const finished: SetupGuideFinished = {
      guide_id: guideId,
      outcome: 'completed',
      final_url: null,
      page_bytes: null,
      tokens_in: null,
      tokens_out: null,
      duration_ms: 0,
      error_type: null,
    };
    const deadline = AbortSignal.any([signal, AbortSignal.timeout(DEADLINE_MS)]);
    let problem: Problem | null = null;
    try {
      await this.run(out, finished, deadline, {
        url,
        toolName,
        reasons: (suggestion?.backers ?? []).map((b) => ({ agent: b.agent_name, reason: b.reason })),
      });
    } catch (error) {
      if (!signal.aborted) problem = this.problemOf(error, deadline, instance);
    }
    // Whatever the writer made of it, a guide whose client left is cancelled, not completed.
    if (signal.aborted) finished.outcome = 'cancelled';
    if (problem) {
      finished.outcome = 'failed';
      finished.error_type = problem.type.replace(PROBLEM_BASE, '');
    }
    finished.duration_ms = Date.now() - begun;
    try {
      await this.store.append(
        stream,
        1,
        [{ type: 'SetupGuideFinished', data: { ...finished } }],
        toMetadata(ctx),
      );
    } catch (error) {
      this.logger.error({ err: error, guideId }, 'a finished setup guide could not be recorded');
      problem ??= guideProblem(error, instance);
    }
    if (problem) await out.send('error', problem);
    else if (finished.outcome === 'completed') await out.send('done', this.done(finished));
    out.end();
  }

  private async run(
    out: GuideStream,
    finished: SetupGuideFinished,
    signal: AbortSignal,
    ask: { url: URL; toolName: string | null; reasons: Array<{ agent: string; reason: string }> },
  ): Promise<void> {
    const page = await this.pages.read(ask.url, signal);
    finished.final_url = recordedUrl(page.finalUrl);
    finished.page_bytes = page.bytes;
    const source: SetupGuideSourceDto = {
      url: ask.url.toString(),
      final_url: page.finalUrl,
      title: page.title,
      bytes: page.bytes,
      guide: this.writer.kind,
      provider: this.writer.provider,
      model: this.writer.model,
    };
    await out.send('source', source);
    const result = await this.writer.write(
      { page, toolName: ask.toolName, reasons: ask.reasons, signal },
      (text) => out.send('delta', { text }),
    );
    finished.tokens_in = result.tokensIn;
    finished.tokens_out = result.tokensOut;
    const fallback = { name: productName(page, ask.toolName), auth_type: guessAuthType(page.markdown) };
    await out.send('fields', await toolDraft(result.proposed, fallback));
  }

  private problemOf(error: unknown, deadline: AbortSignal, instance: string): Problem {
    if (deadline.aborted) {
      const late = new GuideProblem(
        504,
        'setup-guide-timeout',
        `the guide took longer than ${DEADLINE_MS / 1000} s`,
      );
      return guideProblem(late, instance);
    }
    const problem = guideProblem(error, instance);
    if (problem.status >= 500 && !(error instanceof GuideProblem)) {
      this.logger.error({ err: error }, `setup guide failed: ${(error as Error)?.message}`);
    }
    return problem;
  }

  private done(finished: SetupGuideFinished): SetupGuideDoneDto {
    return {
      guide_id: finished.guide_id,
      guide: this.writer.kind,
      provider: this.writer.provider,
      model: this.writer.model,
      tokens_in: finished.tokens_in,
      tokens_out: finished.tokens_out,
      duration_ms: finished.duration_ms,
    };
  }
}
