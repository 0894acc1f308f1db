import type { WebhookPayload } from '../outbox.projection';
import type { WebhookKind } from '../webhook.events';
import { signatureHeader } from './signature';
import { type SlackNames, slackMessage } from './slack-message';

export interface DeliveryRequest {
  headers: Record<string, string>;
  body: string;
}

/** The bytes sent for one delivery: the signed event as JSON, or a Slack message. */
export function deliveryRequest(
  delivery: { id: string; payload: WebhookPayload },
  endpoint: { kind: WebhookKind; secret: string | null },
  slack: { names: SlackNames; consoleUrl: string },
  at: Date = new Date(),
): DeliveryRequest {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'Keyledger-Webhooks/1',
    'keyledger-event': delivery.payload.type,
    'keyledger-delivery': delivery.id,
  };
  if (endpoint.kind === 'slack') {
    return { headers, body: JSON.stringify(slackMessage(delivery.payload, slack.names, slack.consoleUrl)) };
  }
  const { id, type, occurred_at, org_id, data, metadata } = delivery.payload;
  const body = JSON.stringify({ id, type, occurred_at, org_id, data, metadata });
  if (endpoint.secret) headers['keyledger-signature'] = signatureHeader(endpoint.secret, body, at);
  return { headers, body };
}
