import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Database } from '../../../database/src/database';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../notifications.config';
import type { WebhookPayload } from '../outbox.projection';
import { OutboundHttp } from '../../../outbound/src';
import { WebhookEndpointVault } from '../webhook-endpoint.vault';
import type { WebhookKind } from '../webhook.events';
import { retryDelayMs } from './backoff';
import { deliveryRequest } from './delivery-request';

interface Claimed {
  id: string;
  webhook_id: string;
  org_id: string;
  payload: WebhookPayload;
  attempts: number;
}

const BATCH = 10;
// Deliveries run side by side, so one slow receiver does not hold up the others.
const MAX_IN_FLIGHT = 20;

// Claims due rows and leases them in one short statement; SKIP LOCKED lets every instance
// claim concurrently without two taking the same row. The lease (next_attempt_at moved ahead)
// hands the row to another instance if this one dies mid-delivery: at-least-once, and
// receivers deduplicate on Keyledger-Delivery. No transaction stays open across the HTTP call,
// which would hold back every subscription's horizon.
const CLAIM = `
  WITH due AS (
    SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= now()
    ORDER BY next_attempt_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
  UPDATE webhook_deliveries d SET attempts = d.attempts + 1, last_attempt_at = now(),
    next_attempt_at = now() + make_interval(secs => $2)
  FROM due WHERE d.id = due.id
  RETURNING d.id, d.webhook_id, d.org_id, d.payload, d.attempts`;

/** Delivers the outbox: retries with exponential backoff, records every outcome on its row. */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('webhooks');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = true;

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(WebhookEndpointVault) private readonly vault: WebhookEndpointVault,
    @Inject(OutboundHttp) private readonly http: OutboundHttp,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.stopped = false;
    this.schedule(this.config.pollMs);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    await Promise.all(this.inFlight);
  }

  private schedule(delay: number): void {
    this.timer = setTimeout(() => {
      this.running = this.runOnce()
        .catch((error: unknown) => {
          this.logger.warn({ err: error }, 'webhook dispatch failed');
          return 0;
        })
        .then((claimed) => {
          if (!this.stopped) this.schedule(claimed === BATCH ? 0 : this.config.pollMs);
        });
    }, delay);
    this.timer.unref();
  }

  /** Claims a batch and starts delivering it without waiting; answers how many rows it claimed. */
  async runOnce(): Promise<number> {
    const room = Math.min(BATCH, MAX_IN_FLIGHT - this.inFlight.size);
    if (room <= 0) return 0;
    const lease = (this.config.timeoutMs * 4 + 5000) / 1000;
    const claimed = await this.db.query<Claimed>(CLAIM, [room, lease]);
    for (const d of claimed) {
      const sending: Promise<void> = this.deliver(d)
        .catch((error: unknown) =>
          this.logger.warn({ err: error, delivery: d.id }, 'webhook delivery failed'),
        )
        .finally(() => this.inFlight.delete(sending));
      this.inFlight.add(sending);
    }
    return claimed.length;
  }

  private async deliver(d: Claimed): Promise<void> {
    const [hook] = await this.db.query<{ kind: WebhookKind; status: string }>(
      'SELECT kind, status FROM webhooks WHERE id = $1',
      [d.webhook_id],
    );
    const endpoint =
      hook?.status === 'active' ? await this.vault.read(this.db, d.org_id, d.webhook_id) : null;
    if (!hook || !endpoint) {
      await this.db.query(
        `UPDATE webhook_deliveries SET status = 'cancelled' WHERE id = $1 AND attempts = $2`,
        [d.id, d.attempts],
      );
      return;
    }
    let status: number | null = null;
    let error: string | null = null;
    try {
      const names = hook.kind === 'slack' ? await this.names(d.payload) : {};
      const request = deliveryRequest(
        d,
        { kind: hook.kind, secret: endpoint.secret },
        { names, consoleUrl: this.config.consoleUrl },
      );
      const response = await this.http.post(endpoint.url, request.headers, request.body);
      status = response.status;
      if (status < 200 || status >= 300) error = `HTTP ${status}: ${response.snippet.slice(0, 300)}`;
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    await this.record(d, status, error);
  }

  private async record(d: Claimed, status: number | null, error: string | null): Promise<void> {
    // `attempts = $3` fences the write: a row re-claimed after our lease ran out is not ours.
    if (error === null) {
      await this.db.query(
        `UPDATE webhook_deliveries SET status = 'delivered', delivered_at = now(), last_status_code = $2,
           last_error = NULL WHERE id = $1 AND attempts = $3`,
        [d.id, status, d.attempts],
      );
      return;
    }
    const delay = retryDelayMs(d.attempts, this.config.retryBaseMs) / 1000;
    await this.db.query(
      `UPDATE webhook_deliveries SET last_status_code = $2, last_error = $4,
         status = CASE WHEN attempts >= $5 THEN 'failed' ELSE 'pending' END,
         next_attempt_at = now() + make_interval(secs => $6)
       WHERE id = $1 AND attempts = $3`,
      [d.id, status, d.attempts, error.slice(0, 500), this.config.maxAttempts, delay],
    );
  }

  private async names(payload: WebhookPayload) {
    const [row] = await this.db.query<{ agent_name: string | null; tool_name: string | null }>(
      `SELECT (SELECT name FROM agents WHERE id = $1) AS agent_name, (SELECT name FROM tools WHERE id = $2) AS tool_name`,
      [idOf(payload.data.agent_id), idOf(payload.data.tool_id)],
    );
    return { agentName: row?.agent_name ?? undefined, toolName: row?.tool_name ?? undefined };
  }
}

const idOf = (value: unknown) => (typeof value === 'string' ? value : '');
