import { createHash } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { SocketModeClient } from '@slack/socket-mode';
import { Database } from '../../../../database/src/database';
import { SlackInteractions } from '../interactions/slack-interactions';
import { SlackApi, slackLogger } from '../slack-api';

interface Connection {
  client: SocketModeClient;
  /** A hash of the app token it connected with: a new token reconnects. */
  token: string;
}

// Settings changed on another instance reach this one within this long.
const RECONCILE_MS = 5_000;
const RETRY_FAILED_MS = 60_000;

/**
 * One Socket Mode connection per org that set an app-level token, so a Keyledger with no public
 * ingress still receives clicks. Every instance connects (Slack hands each envelope to one
 * connection). The connection is authenticated by the app token (apps.connections.open);
 * envelopes are acknowledged with the answer Slack shows.
 */
@Injectable()
export class SlackSockets implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('slack-socket');
  private readonly connections = new Map<string, Connection>();
  /** Tokens whose connection failed, and when: tried again after a minute, not every reconcile. */
  private readonly failed = new Map<string, { token: string; at: number }>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = true;
  private reconciling: Promise<void> = Promise.resolve();

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(SlackApi) private readonly slack: SlackApi,
    @Inject(SlackInteractions) private readonly interactions: SlackInteractions,
  ) {}

  onApplicationBootstrap(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.reconciling.catch(() => undefined);
    await Promise.all([...this.connections.keys()].map((orgId) => this.close(orgId)));
  }

  /** Connects, reconnects or disconnects the org as its settings now say. */
  async reconcile(orgId: string): Promise<void> {
    if (this.stopped) return;
    const app = await this.slack.app(orgId);
    const token = app?.secrets.app_token
      ? createHash('sha256').update(app.secrets.app_token).digest('hex')
      : null;
    const current = this.connections.get(orgId);
    if (current && current.token === token) return;
    if (current) await this.close(orgId);
    if (!app?.secrets.app_token || !token) return;
    const failure = this.failed.get(orgId);
    if (failure?.token === token && Date.now() - failure.at < RETRY_FAILED_MS) return;
    const client = new SocketModeClient({
      appToken: app.secrets.app_token,
      logger: slackLogger('slack-socket'),
      clientOptions: { slackApiUrl: this.slack.apiUrl },
    });
    client.on(
      'interactive',
      ({ ack, body }: { ack: (r?: object) => Promise<void>; body: Record<string, unknown> }) =>
        void this.answer(orgId, ack, () => this.interactions.interactive(orgId, body)),
    );
    client.on(
      'slash_commands',
      ({ ack, body }: { ack: (r?: object) => Promise<void>; body: Record<string, unknown> }) =>
        void this.answer(orgId, ack, () => this.interactions.command(orgId, body)),
    );
    this.connections.set(orgId, { client, token });
    client.start().catch((error: unknown) => {
      // The SDK gives up on errors it deems final (a network error included): forget the
      // connection, and a reconcile a minute later tries again.
      this.logger.warn(`Socket Mode for org ${orgId} could not connect: ${(error as Error).message}`);
      this.failed.set(orgId, { token, at: Date.now() });
      if (this.connections.get(orgId)?.client === client) void this.close(orgId);
    });
  }

  private async answer(
    orgId: string,
    ack: (response?: object) => Promise<void>,
    handle: () => Promise<Record<string, unknown> | undefined>,
  ): Promise<void> {
    let response: Record<string, unknown> | undefined;
    try {
      response = await handle();
    } catch (error) {
      this.logger.error(`Slack interaction for org ${orgId} failed: ${(error as Error).message}`);
    }
    await ack(response).catch((error: unknown) =>
      this.logger.warn(`Socket Mode ack for org ${orgId} failed: ${(error as Error).message}`),
    );
  }

  private async close(orgId: string): Promise<void> {
    const current = this.connections.get(orgId);
    this.connections.delete(orgId);
    await current?.client.disconnect().catch(() => undefined);
  }

  private schedule(delay: number): void {
    this.timer = setTimeout(() => {
      this.reconciling = this.reconcileAll()
        .catch((error: unknown) => this.logger.warn(`Slack reconcile failed: ${(error as Error).message}`))
        .finally(() => {
          if (!this.stopped) this.schedule(RECONCILE_MS);
        });
    }, delay);
    this.timer.unref();
  }

  private async reconcileAll(): Promise<void> {
    const rows = await this.db.query<{ org_id: string }>('SELECT org_id FROM slack_apps WHERE socket_mode');
    const orgs = new Set([...rows.map((r) => r.org_id), ...this.connections.keys()]);
    for (const orgId of orgs) await this.reconcile(orgId);
  }
}
