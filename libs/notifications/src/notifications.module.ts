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
import { ConfigureSlackHandler, RemoveSlackHandler } from './slack/configure-slack/configure-slack.handler';
import { SlackSettingsController } from './slack/configure-slack/slack-settings.controller';
import { SlackHttpController } from './slack/interactions/slack-http.controller';
import { SlackInteractions } from './slack/interactions/slack-interactions';
import { SlackSignature } from './slack/interactions/slack-signature';
import { SlackLinkController } from './slack/link-slack/slack-link.controller';
import { SlackLinks } from './slack/link-slack/slack-links';
import { SlackMessageDispatcher } from './slack/messages/slack-message.dispatcher';
import { SlackApi } from './slack/slack-api';
import { SlackAppVault } from './slack/slack-app.vault';
import { SlackSockets } from './slack/socket/slack-sockets';

const controllers = [
  CreateWebhookController,
  DeleteWebhookController,
  ListDeliveriesController,
  SlackSettingsController,
  SlackLinkController,
  SlackHttpController,
];
const commandHandlers = [
  CreateWebhookHandler,
  DeleteWebhookHandler,
  ConfigureSlackHandler,
  RemoveSlackHandler,
];
// Approvals in Slack (issue 20, docs/adr/0024).
const slack = [
  SlackAppVault,
  SlackApi,
  SlackLinks,
  SlackInteractions,
  SlackSignature,
  SlackSockets,
  SlackMessageDispatcher,
];
const services = [
  WebhookEndpointVault,
  WebhookDispatcher,
  ...slack,
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
 * see outbox.projection.ts) and the dispatcher that delivers it; approvals in Slack (slack/).
 */
@Module({
  imports: [IdentityModule],
  controllers,
  providers: [...commandHandlers, ...services],
})
export class NotificationsModule {}
