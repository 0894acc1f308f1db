import type { Projection } from '../../event-store/src/projection';
import { outboxProjection } from './outbox.projection';
import { slackMessagesProjection, slackProjection } from './slack/slack.projection';
import { webhooksProjection } from './webhooks.projection';

export const notificationsProjections: Projection[] = [
  webhooksProjection,
  outboxProjection,
  slackProjection,
  slackMessagesProjection,
];
