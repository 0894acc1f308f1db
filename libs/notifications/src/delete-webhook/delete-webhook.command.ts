import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../common/src/request-context';
import type { WebhookDto } from '../webhook.dto';

export class DeleteWebhookCommand extends Command<WebhookDto> {
  constructor(
    readonly webhookId: string,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}
