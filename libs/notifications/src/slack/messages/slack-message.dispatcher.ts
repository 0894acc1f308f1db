import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { approvalPolicy, DEFAULT_GRANT_SECONDS } from '../../../../access/src/access.policy';
import { findJoined, requestView } from '../../../../access/src/list-access/list-access.read';
import { Database } from '../../../../database/src/database';
import { retryDelayMs } from '../../delivery/backoff';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../../notifications.config';
import { SlackApi } from '../slack-api';
import { requestMessage } from './request-message';

interface Claimed {
  request_id: string;
  org_id: string;
  channel: string | null;
  ts: string | null;
  attempts: number;
}

const BATCH = 10;
const LEASE_SECONDS = 60;

// One instance at a time per message (the lease), so a request is never posted twice; a new
// event during the send sets `pending` again and the message is redrawn after.
const CLAIM = `
  WITH due AS (
    SELECT request_id FROM slack_messages
    WHERE pending AND next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now())
    ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
  UPDATE slack_messages m SET pending = false, lease_until = now() + make_interval(secs => $2),
    attempts = m.attempts + 1
  FROM due WHERE m.request_id = due.request_id
  RETURNING m.request_id, m.org_id, m.channel, m.ts, m.attempts`;

/**
 * Posts each request to the org's channel and redraws it in place (chat.update) whenever its
 * outcome changes, whoever decided and wherever. The request is rendered as it is now, so a
 * late or repeated redraw is always right. Failures retry with the webhooks' backoff.
 */
@Injectable()
export class SlackMessageDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('slack');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = true;

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(SlackApi) private readonly slack: SlackApi,
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
  }

  private schedule(delay: number): void {
    this.timer = setTimeout(() => {
      this.running = this.runOnce()
        .catch((error: unknown) => {
          this.logger.warn(`Slack message sync failed: ${(error as Error).message}`);
          return 0;
        })
        .then((claimed) => {
          if (!this.stopped) this.schedule(claimed === BATCH ? 0 : this.config.pollMs);
        });
    }, delay);
    this.timer.unref();
  }

  async runOnce(): Promise<number> {
    const claimed = await this.db.query<Claimed>(CLAIM, [BATCH, LEASE_SECONDS]);
    await Promise.all(claimed.map((m) => this.sync(m)));
    return claimed.length;
  }

  private async sync(m: Claimed): Promise<void> {
    try {
      const app = await this.slack.app(m.org_id);
      const joined = await findJoined(this.db, m.org_id, m.request_id);
      if (!app || !joined) {
        await this.db.query('UPDATE slack_messages SET lease_until = NULL WHERE request_id = $1', [
          m.request_id,
        ]);
        return;
      }
      const request = requestView(joined);
      const policy = await approvalPolicy(this.db, request.tool_id);
      const [tool] = await this.db.query<{ credential_mode: string }>(
        'SELECT credential_mode FROM tools WHERE id = $1',
        [request.tool_id],
      );
      const message = requestMessage({
        request,
        perAgent: tool?.credential_mode === 'per_agent',
        requiredApprovals: policy.requiredApprovals,
        toolMaxSeconds: policy.maxDurationSeconds,
        slackMaxSeconds: app.maxGrantSeconds,
        defaultSeconds: DEFAULT_GRANT_SECONDS,
        consoleUrl: this.slack.consoleUrl,
        people: await this.people(m.org_id, [
          ...request.approvals.map((a) => a.member_id),
          ...(request.decided_by ? [request.decided_by] : []),
        ]),
      });
      const web = this.slack.web(app);
      if (m.ts && m.channel) {
        await web.chat.update({
          channel: m.channel,
          ts: m.ts,
          text: message.text,
          blocks: message.blocks as never,
        });
        await this.db.query(
          `UPDATE slack_messages SET lease_until = NULL, synced_at = now(), attempts = 0, last_error = NULL
           WHERE request_id = $1`,
          [m.request_id],
        );
      } else {
        const posted = await web.chat.postMessage({
          channel: app.channel,
          text: message.text,
          blocks: message.blocks as never,
        });
        await this.db.query(
          `UPDATE slack_messages SET channel = $2, ts = $3, lease_until = NULL, synced_at = now(), attempts = 0,
             last_error = NULL WHERE request_id = $1`,
          [m.request_id, posted.channel ?? app.channel, posted.ts ?? null],
        );
      }
    } catch (error) {
      const message = (error as Error).message.slice(0, 300);
      this.logger.warn(`Slack message for request ${m.request_id} failed: ${message}`);
      const giveUp = m.attempts >= this.config.maxAttempts;
      await this.db.query(
        `UPDATE slack_messages SET lease_until = NULL, pending = NOT $4, last_error = $3,
           next_attempt_at = now() + make_interval(secs => $2) WHERE request_id = $1`,
        [m.request_id, retryDelayMs(m.attempts, this.config.retryBaseMs) / 1000, message, giveUp],
      );
    }
  }

  private async people(orgId: string, ids: string[]) {
    const rows = await this.db.query<{ id: string; display_name: string; slack_user_id: string | null }>(
      `SELECT m.id, m.display_name, l.slack_user_id FROM members m
       LEFT JOIN slack_links l ON l.org_id = m.org_id AND l.member_id = m.id
       WHERE m.org_id = $1 AND m.id = ANY($2)`,
      [orgId, [...new Set(ids)]],
    );
    return new Map(rows.map((r) => [r.id, { name: r.display_name, slackUserId: r.slack_user_id }]));
  }
}
