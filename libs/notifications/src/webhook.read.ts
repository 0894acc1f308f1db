import { notFound } from '../../common/src/domain-error';
import type { Sql } from '../../database/src/database';
import type { DeliveryDto, WebhookDto } from './webhook.dto';

interface WebhookRow extends Omit<WebhookDto, 'created_at' | 'signed'> {
  has_secret: boolean;
  created_at: Date;
}

const toDto = (r: WebhookRow): WebhookDto => ({
  id: r.id,
  kind: r.kind,
  host: r.host,
  url_fingerprint: r.url_fingerprint,
  events: r.events,
  signed: r.has_secret,
  status: r.status,
  created_by: r.created_by,
  created_at: r.created_at.toISOString(),
});

const COLUMNS = 'id, kind, host, url_fingerprint, events, has_secret, status, created_by, created_at';

/** An active webhook of the caller's org; a deleted one, or another org's, is 404. */
export async function findWebhook(sql: Sql, orgId: string, id: string): Promise<WebhookDto> {
  const [row] = await sql.query<WebhookRow>(
    `SELECT ${COLUMNS} FROM webhooks WHERE id = $1 AND org_id = $2 AND status = 'active'`,
    [id, orgId],
  );
  if (!row) throw notFound('webhook', id);
  return toDto(row);
}

export async function listWebhooks(sql: Sql, orgId: string): Promise<WebhookDto[]> {
  const rows = await sql.query<WebhookRow>(
    `SELECT ${COLUMNS} FROM webhooks WHERE org_id = $1 AND status = 'active' ORDER BY created_at, id`,
    [orgId],
  );
  return rows.map(toDto);
}

interface DeliveryRow {
  id: string;
  event_id: string;
  event_type: string;
  event_position: string;
  status: string;
  attempts: number;
  next_attempt_at: Date;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: Date | null;
  created_at: Date;
}

export async function listDeliveries(
  sql: Sql,
  webhookId: string,
  limit: number,
  after: { position: string; id: string } | null,
): Promise<{ deliveries: DeliveryDto[]; next: { position: string; id: string } | null }> {
  const rows = await sql.query<DeliveryRow>(
    `SELECT id, event_id, event_type, event_position::text, status, attempts, next_attempt_at, last_status_code,
       last_error, delivered_at, created_at
     FROM webhook_deliveries
     WHERE webhook_id = $1 AND ($2::bigint IS NULL OR (event_position, id) < ($2::bigint, $3::text))
     ORDER BY event_position DESC, id DESC LIMIT $4`,
    [webhookId, after?.position ?? null, after?.id ?? '', limit + 1],
  );
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    deliveries: page.map((r) => ({
      id: r.id,
      event_id: r.event_id,
      event_type: r.event_type,
      status: r.status,
      attempts: r.attempts,
      next_attempt_at: r.status === 'pending' ? r.next_attempt_at.toISOString() : null,
      last_status_code: r.last_status_code,
      last_error: r.last_error,
      delivered_at: r.delivered_at?.toISOString() ?? null,
      created_at: r.created_at.toISOString(),
    })),
    next: rows.length > limit && last ? { position: last.event_position, id: last.id } : null,
  };
}
