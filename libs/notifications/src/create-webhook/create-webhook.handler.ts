import { randomBytes, randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { toMetadata } from '../../../common/src/request-context';
import { Database } from '../../../database/src/database';
import { EventStore } from '../../../event-store/src/event-store';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../notifications.config';
import { gateFor, systemResolver } from '../../../outbound/src';
import type { CreatedWebhookDto } from '../webhook.dto';
import { webhookDecider } from '../webhook.decider';
import { type WebhookCreated, webhookStream } from '../webhook.events';
import { WebhookEndpointVault } from '../webhook-endpoint.vault';
import { findWebhook } from '../webhook.read';
import { checkWebhookUrl } from './webhook-url.check';
import { CreateWebhookCommand } from './create-webhook.command';

/** WebhookCreated, with the encrypted endpoint stored in the same transaction. */
@CommandHandler(CreateWebhookCommand)
export class CreateWebhookHandler implements ICommandHandler<CreateWebhookCommand> {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(WebhookEndpointVault) private readonly vault: WebhookEndpointVault,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
  ) {}

  async execute({ body, ctx }: CreateWebhookCommand): Promise<CreatedWebhookDto> {
    const { allowPrivate } = this.config;
    const url = await checkWebhookUrl(body.url, gateFor(allowPrivate), systemResolver, allowPrivate);
    const kind = body.kind ?? 'webhook';
    // Slack verifies nothing we could sign; a signature would only suggest it does.
    const secret =
      kind === 'slack' ? null : (body.secret ?? `whsec_${randomBytes(32).toString('base64url')}`);
    const id = randomUUID();
    const created: WebhookCreated = {
      webhook_id: id,
      org_id: ctx.orgId!,
      kind,
      host: url.host,
      url_fingerprint: this.vault.fingerprint(url.toString()),
      events: body.events,
      signed: secret !== null,
    };
    const events = webhookDecider.decide({ kind: 'create', webhook: created }, webhookDecider.initialState());
    await this.store.append(webhookStream(id), 0, events, toMetadata(ctx), (tx) =>
      this.vault.store(tx, ctx.orgId!, id, { url: url.toString(), secret }),
    );
    return { webhook: await findWebhook(this.db, ctx.orgId!, id), signing_secret: secret };
  }
}
