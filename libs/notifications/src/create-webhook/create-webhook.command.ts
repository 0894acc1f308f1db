import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../common/src/request-context';
import type { CreatedWebhookDto, CreateWebhookDto } from '../webhook.dto';

export class CreateWebhookCommand extends Command<CreatedWebhookDto> {
  constructor(
    readonly body: CreateWebhookDto,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}
