import { z } from 'zod';
import { ConfigError, type KeyledgerConfig } from '../../config/src/config';

/** How outbound notifications behave; read and validated once at start-up (STYLE.md principle 6). */
export interface NotificationsConfig {
  allowPrivate: boolean;
  /** The console's address, for links in Slack messages. */
  consoleUrl: string;
  /** The first retry waits this long; each later one twice as long (capped at an hour). */
  retryBaseMs: number;
  maxAttempts: number;
  timeoutMs: number;
  pollMs: number;
}

export const NOTIFICATIONS_CONFIG = Symbol('NotificationsConfig');

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

function field(
  env: NodeJS.ProcessEnv,
  variable: string,
  schema: z.ZodType<number>,
  fallback: number,
): number {
  const raw = env[variable];
  if (raw === undefined || raw === '') return fallback;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(variable, parsed.error.issues.map((i) => i.message).join('; '));
  return parsed.data;
}

/**
 * The shared config (libs/config) carries the allow-private switch and the public URL; the
 * delivery tuning is read here, from the process environment, so that this module owns it.
 */
export function loadNotificationsConfig(
  base: Pick<KeyledgerConfig, 'webhookAllowPrivate' | 'publicUrl'>,
  env: NodeJS.ProcessEnv = process.env,
): NotificationsConfig {
  const retryBaseMs = field(env, 'KEYLEDGER_WEBHOOK_RETRY_BASE_MS', int(1, 3_600_000), 10_000);
  return {
    allowPrivate: base.webhookAllowPrivate,
    consoleUrl: (base.publicUrl ?? 'http://localhost:3000').replace(/\/+$/, ''),
    retryBaseMs,
    maxAttempts: field(env, 'KEYLEDGER_WEBHOOK_MAX_ATTEMPTS', int(1, 50), 10),
    timeoutMs: field(env, 'KEYLEDGER_WEBHOOK_TIMEOUT_MS', int(100, 60_000), 10_000),
    pollMs: Math.min(250, retryBaseMs),
  };
}
