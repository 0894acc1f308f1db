import type { Sql } from '../../database/src/database';
import type { StoredEvent } from '../../event-store/src/event';
import type { Projection } from '../../event-store/src/projection';
import { hostOf, type WebhookCreated, type WebhookCreatedV1 } from './webhook.events';

/**
 * Subscriptions, with the log positions at which each began and ended: the outbox sends a
 * webhook exactly the matching events between the two, however often the log is replayed.
 */
export const webhooksProjection: Projection = {
  name: 'webhooks',
  mode: 'inline',
  handles: ['WebhookCreated', 'WebhookDeleted'],
  tables: ['webhooks'],
  async apply(tx: Sql, events: readonly StoredEvent[]) {
    for (const e of events) {
      if (e.type === 'WebhookCreated') {
        const d = e.data as unknown as WebhookCreated | WebhookCreatedV1;
        // Version 1 recorded the URL's path: the read model keeps its host only, and no
        // fingerprint (the key was not applied then), the same on a rebuild as after migrating.
        await tx.query(
          `INSERT INTO webhooks (id, org_id, kind, host, url_fingerprint, events, status, has_secret,
             created_position, created_by, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, 'active', $7, $8, $9, $10)`,
          [
            d.webhook_id,
            d.org_id,
            d.kind,
            hostOf(d, e.eventVersion),
            'url_fingerprint' in d ? d.url_fingerprint : null,
            d.events,
            d.signed,
            e.position.toString(),
            e.metadata.actor.id,
            e.occurredAt,
          ],
        );
      } else {
        await tx.query(
          `UPDATE webhooks SET status = 'deleted', deleted_position = $2, deleted_at = $3 WHERE id = $1`,
          [e.data.webhook_id, e.position.toString(), e.occurredAt],
        );
      }
    }
  },
};
