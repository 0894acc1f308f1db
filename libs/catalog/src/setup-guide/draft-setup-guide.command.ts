import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../common/src/request-context';
import type { DraftSetupGuideDto } from './draft-setup-guide.dto';

export type SetupGuideEvent = 'source' | 'delta' | 'fields' | 'done' | 'error';

/** Where a guide's events go once its stream is open. */
export interface GuideStream {
  send(event: SetupGuideEvent, data: unknown): Promise<void>;
  end(): void;
}

/**
 * Draft a setup guide. The handler checks what it can first (refusals are plain problem
 * responses), then calls `open` and from there on speaks only through the stream.
 */
export class DraftSetupGuideCommand extends Command<void> {
  constructor(
    readonly body: DraftSetupGuideDto,
    readonly ctx: RequestContext,
    readonly open: () => GuideStream,
    /** Aborted when the client goes away: the provider call is cancelled with it. */
    readonly signal: AbortSignal,
    readonly instance: string,
  ) {
    super();
  }
}
