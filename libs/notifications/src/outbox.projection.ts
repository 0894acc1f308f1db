import { randomUUID } from 'node:crypto';
import type { Sql } from '../../database/src/database';
import type { StoredEvent } from '../../event-store/src/event';
import type { Projection } from '../../event-store/src/projection';
import { NOTIFIABLE_EVENT_TYPES } from './webhook.events';

interface Subscription {
  id: string;
  org_id: string;
  events: string[];
  created_position: string;
  deleted_position: string | null;
}

/** The JSON a webhook receives: the event as the audit API shows it. */
export interface WebhookPayload {
  id: string;
  type: string;
  occurred_at: string;
  org_id: string;
  stream_id: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

/**
 * The transactional outbox: an async subscription turns matching events into delivery rows,
 * committed with its checkpoint, so no request ever waits on a receiver and no event is lost
 * or enqueued twice. Its rows are delivery state, not a read model (`tables` is empty): a
 * rebuild replays into them, and (webhook_id, event_id) is unique, so nothing is sent again.
 */
export const outboxProjection: Projection = {
  name: 'webhook-outbox',
  mode: 'async',
  handles: NOTIFIABLE_EVENT_TYPES,
  tables: [],
  async apply(tx: Sql, events: readonly StoredEvent[]) {
    const orgs = [...new Set(events.map((e) => e.orgId).filter((o): o is string => o !== null))];
    if (orgs.length === 0) return;
    const subscriptions = await tx.query<Subscription>(
      `SELECT id, org_id, events, created_position::text, deleted_position::text FROM webhooks WHERE org_id = ANY($1)`,
      [orgs],
    );
    const rows: unknown[][] = [];
    for (const e of events) {
      for (const s of subscriptions) {
        // Only events after the subscription began and before it ended: a pure function of the log.
        const live =
          BigInt(s.created_position) < e.position &&
          (s.deleted_position === null || e.position < BigInt(s.deleted_position));
        if (s.org_id === e.orgId && live && s.events.includes(e.type)) {
          rows.push([randomUUID(), s.id, s.org_id, e.eventId, e.type, e.position.toString(), payloadOf(e)]);
        }
      }
    }
    if (rows.length === 0) return;
    const column = (i: number) => rows.map((r) => r[i]);
    await tx.query(
      `INSERT INTO webhook_deliveries (id, webhook_id, org_id, event_id, event_type, event_position, payload)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::bigint[], $7::jsonb[])
       ON CONFLICT (webhook_id, event_id) DO NOTHING`,
      [0, 1, 2, 3, 4, 5].map(column).concat([rows.map((r) => JSON.stringify(r[6]))]),
    );
  },
};

function payloadOf(e: StoredEvent): WebhookPayload {
  return {
    id: e.eventId,
    type: e.type,
    occurred_at: e.occurredAt.toISOString(),
    org_id: e.orgId!,
    stream_id: e.streamId,
    data: e.data,
    metadata: e.metadata,
  };
}
