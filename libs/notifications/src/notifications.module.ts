import { Module } from '@nestjs/common';
import type { KeyledgerConfig } from '../../config/src/config';
import { CONFIG } from '../../common/src/tokens';
import { IdentityModule } from '../../identity/src/identity.module';
import { CreateWebhookController } from './create-webhook/create-webhook.controller';
import { CreateWebhookHandler } from './create-webhook/create-webhook.handler';
import { DeleteWebhookController } from './delete-webhook/delete-webhook.controller';
import { DeleteWebhookHandler } from './delete-webhook/delete-webhook.handler';
import { WebhookDispatcher } from './delivery/webhook-dispatcher';
import { ListDeliveriesController } from './list-deliveries/list-deliveries.controller';
import {
  loadNotificationsConfig,
  NOTIFICATIONS_CONFIG,
  type NotificationsConfig,
} from './notifications.config';
import { gateFor, OutboundHttp, systemResolver } from '../../outbound/src';
import { WebhookEndpointVault } from './webhook-endpoint.vault';

const controllers = [CreateWebhookController, DeleteWebhookController, ListDeliveriesController];
const commandHandlers = [CreateWebhookHandler, DeleteWebhookHandler];
const services = [
  WebhookEndpointVault,
  WebhookDispatcher,
  // Validated while the app is built: a bad variable stops start-up, naming it.
  {
    provide: NOTIFICATIONS_CONFIG,
    inject: [CONFIG],
    useFactory: (c: KeyledgerConfig) => loadNotificationsConfig(c),
  },
  {
    provide: OutboundHttp,
    inject: [NOTIFICATIONS_CONFIG],
    useFactory: (c: NotificationsConfig) =>
      new OutboundHttp({ gate: gateFor(c.allowPrivate), resolve: systemResolver, timeoutMs: c.timeoutMs }),
  },
];

/**
 * Outbound notifications: webhook and Slack subscriptions, the outbox (an async projection,
 * see outbox.projection.ts) and the dispatcher that delivers it.
 */
@Module({
  imports: [IdentityModule],
  controllers,
  providers: [...commandHandlers, ...services],
})
export class NotificationsModule {}
