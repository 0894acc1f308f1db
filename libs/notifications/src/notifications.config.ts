import type { KeyledgerConfig } from '../../config/src/config';

/** How outbound notifications behave; read and validated once at start-up by libs/config. */
export interface NotificationsConfig {
  allowPrivate: boolean;
  /** The console's address, for links in Slack messages. */
  consoleUrl: string;
  /** The first retry waits this long; each later one twice as long (capped at an hour). */
  retryBaseMs: number;
  maxAttempts: number;
  timeoutMs: number;
  pollMs: number;
  /** Slack's Web API, or the server KEYLEDGER_SLACK_API_URL names (tests). */
  slackApiUrl: string;
}

export const NOTIFICATIONS_CONFIG = Symbol('NotificationsConfig');

/** The shared config (libs/config) carries the variables; this is the module's view of them. */
export function loadNotificationsConfig(
  base: Pick<KeyledgerConfig, 'outboundAllowPrivate' | 'publicUrl' | 'webhookDelivery'> &
    Partial<Pick<KeyledgerConfig, 'slackApiUrl'>>,
): NotificationsConfig {
  const { retryBaseMs, maxAttempts, timeoutMs } = base.webhookDelivery;
  return {
    allowPrivate: base.outboundAllowPrivate,
    consoleUrl: (base.publicUrl ?? 'http://localhost:3000').replace(/\/+$/, ''),
    retryBaseMs,
    maxAttempts,
    timeoutMs,
    pollMs: Math.min(250, retryBaseMs),
    slackApiUrl: base.slackApiUrl ?? 'https://slack.com/api/',
  };
}
