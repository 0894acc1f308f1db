import { DomainError, notFound } from '../../common/src/domain-error';
import type { Decider } from '../../event-store/src/decider';
import { WEBHOOK_CREATED_VERSION, type WebhookCreated, type WebhookDeleted } from './webhook.events';

export type WebhookCommand =
  { kind: 'create'; webhook: WebhookCreated } | { kind: 'delete'; webhookId: string; orgId: string };

export interface WebhookState {
  exists: boolean;
  orgId: string;
  deleted: boolean;
}

export const webhookDecider: Decider<WebhookState, WebhookCommand> = {
  initialState: () => ({ exists: false, orgId: '', deleted: false }),
  evolve(state, e) {
    if (e.type === 'WebhookCreated') {
      return { exists: true, orgId: (e.data as unknown as WebhookCreated).org_id, deleted: false };
    }
    if (e.type === 'WebhookDeleted') return { ...state, deleted: true };
    return state;
  },
  decide(command, state) {
    if (command.kind === 'create') {
      if (state.exists) throw new DomainError('conflict', 'webhook-exists', 'the webhook already exists');
      if (command.webhook.events.length === 0) {
        throw new DomainError('invalid', 'validation', 'events: choose at least one event type', {
          errors: [{ field: 'events', message: 'choose at least one event type' }],
        });
      }
      return [
        {
          type: 'WebhookCreated',
          eventVersion: WEBHOOK_CREATED_VERSION,
          data: { ...command.webhook, events: [...new Set(command.webhook.events)] },
        },
      ];
    }
    // A deleted webhook, like another org's, is gone: 404.
    if (!state.exists || state.deleted || state.orgId !== command.orgId)
      throw notFound('webhook', command.webhookId);
    const deleted: WebhookDeleted = { webhook_id: command.webhookId };
    return [{ type: 'WebhookDeleted', data: { ...deleted } }];
  },
};
