import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { toMetadata } from '../../../common/src/request-context';
import { Database } from '../../../database/src/database';
import { handleWithDecider } from '../../../event-store/src/decider';
import { EventStore } from '../../../event-store/src/event-store';
import type { WebhookDto } from '../webhook.dto';
import { webhookDecider } from '../webhook.decider';
import { webhookStream } from '../webhook.events';
import { findWebhook } from '../webhook.read';
import { DeleteWebhookCommand } from './delete-webhook.command';

/** WebhookDeleted: nothing new is enqueued for it, and its pending deliveries are cancelled. */
@CommandHandler(DeleteWebhookCommand)
export class DeleteWebhookHandler implements ICommandHandler<DeleteWebhookCommand> {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(EventStore) private readonly store: EventStore,
  ) {}

  async execute({ webhookId, ctx }: DeleteWebhookCommand): Promise<WebhookDto> {
    const webhook = await findWebhook(this.db, ctx.orgId!, webhookId);
    const command = { kind: 'delete' as const, webhookId, orgId: ctx.orgId! };
    await handleWithDecider(this.store, webhookStream(webhookId), webhookDecider, command, toMetadata(ctx));
    // Delivery state, not a read model: the dispatcher would cancel these on claim anyway.
    await this.db.query(
      `UPDATE webhook_deliveries SET status = 'cancelled' WHERE webhook_id = $1 AND status = 'pending'`,
      [webhookId],
    );
    return { ...webhook, status: 'deleted' };
  }
}
