import { Inject, Injectable, Logger } from '@nestjs/common';
import { type Logger as SlackLogger, LogLevel, WebClient } from '@slack/web-api';
import { Database } from '../../../database/src/database';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../notifications.config';
import { SlackAppVault, type SlackAppSecrets } from './slack-app.vault';

export interface SlackApp {
  orgId: string;
  channel: string;
  socketMode: boolean;
  maxGrantSeconds: number | null;
  secrets: SlackAppSecrets;
}

/**
 * Slack's SDK logs whole payloads at debug level (a `/keyledger link` code among them) and
 * tokens never: only warnings and errors reach our log, with no payload.
 */
export function slackLogger(name: string): SlackLogger {
  const nest = new Logger(name);
  let level = LogLevel.WARN;
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: (...msg: unknown[]) => nest.warn(msg.map(String).join(' ').slice(0, 300)),
    error: (...msg: unknown[]) => nest.error(msg.map(String).join(' ').slice(0, 300)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

/** The org's Slack app and a Web API client for it (Slack's SDK, at KEYLEDGER_SLACK_API_URL in tests). */
@Injectable()
export class SlackApi {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(SlackAppVault) private readonly vault: SlackAppVault,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
  ) {}

  get apiUrl(): string {
    return this.config.slackApiUrl;
  }

  get consoleUrl(): string {
    return this.config.consoleUrl;
  }

  async app(orgId: string): Promise<SlackApp | null> {
    const [row] = await this.db.query<{
      channel: string;
      socket_mode: boolean;
      max_grant_seconds: number | null;
    }>('SELECT channel, socket_mode, max_grant_seconds FROM slack_apps WHERE org_id = $1', [orgId]);
    if (!row) return null;
    const secrets = await this.vault.read(this.db, orgId);
    if (!secrets) return null;
    return {
      orgId,
      channel: row.channel,
      socketMode: row.socket_mode,
      maxGrantSeconds: row.max_grant_seconds,
      secrets,
    };
  }

  /** Our own retries (the message dispatcher's backoff), not the SDK's half hour of them. */
  web(app: SlackApp): WebClient {
    return new WebClient(app.secrets.bot_token, {
      slackApiUrl: this.config.slackApiUrl,
      logger: slackLogger('slack-web'),
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: this.config.timeoutMs,
    });
  }
}
