import { createPublicKey } from 'node:crypto';
import { z } from 'zod';
import type { OrgCreation } from '../../authz/src/subjects';
import { ConfigError } from './errors';
import { type AiConfig, loadAiConfig } from './ai';
import { loadMetricsToken } from './metrics';
import { loadOidcConfig, type OidcConfig } from './oidc';

/**
 * Configuration is read and validated once, at start-up (STYLE.md principle 6). A bad value
 * stops the service with a message that names the variable; nothing reads process.env later.
 */
export interface RateTier {
  limit: number;
  ttlMs: number;
}

export type RateTierName = 'read' | 'request' | 'credential' | 'admin' | 'preauth' | 'login' | 'ai' | 'heavy';

export const DEFAULT_RATE_TIERS: Record<RateTierName, string> = {
  read: '120/1m',
  request: '10/1h',
  credential: '60/1m',
  admin: '30/1m',
  preauth: '600/1m',
  login: '10/15m',
  /** Setup guides, per member: each may cost a model call (docs/adr/0019). */
  ai: '20/1h',
  // Work that walks the whole log (verification) or signs it: per member, kept tight.
  heavy: '10/1h',
};

export interface KeyledgerConfig {
  production: boolean;
  port: number;
  host: string;
  databaseUrl: string | null;
  redisUrl: string | null;
  /** A Redis command that takes longer is given up, and the request counted per instance. */
  redisTimeoutMs: number;
  dataDir: string;
  masterKeys: Buffer[] | null;
  masterKeyFile: string | null;
  signingKeyPem: string | null;
  /** Earlier checkpoint signing keys still trusted (base64 DER SubjectPublicKeyInfo). */
  signingKeyHistory: string[];
  bootstrapEmail: string;
  bootstrapPassword: string | null;
  autoMigrate: boolean;
  /** The login role the service serves as, and its password (docs/adr/0010); null: derived. */
  dbServiceRole: string | null;
  dbServicePassword: string | null;
  logLevel: string;
  /** The bearer token `/metrics` asks for; null: `/metrics` answers 404. */
  metricsToken: string | null;
  rateTiers: Record<RateTierName, RateTier>;
  /**
   * Every outbound call (webhooks, docs pages, the proxy) may reach private and loopback
   * addresses: KEYLEDGER_OUTBOUND_ALLOW_PRIVATE, or its old name KEYLEDGER_WEBHOOK_ALLOW_PRIVATE.
   */
  outboundAllowPrivate: boolean;
  /** Refusals of a suspended agent or a revoked key: at most one event per key per window. */
  refusalWindowSeconds: number;
  /**
   * Honour X-Forwarded-For from these proxies (addresses, CIDRs, or proxy-addr's `loopback`,
   * `linklocal`, `uniquelocal`), or from any peer (true): only behind a proxy you run.
   */
  trustProxy: boolean | string;
  publicUrl: string | null;
  /** The Slack Web API's base URL (KEYLEDGER_SLACK_API_URL); null: Slack's own. Tests point it at a local server. */
  slackApiUrl: string | null;
  jwtSecret: string | null;
  jwtTtlSeconds: number;
  pendingRequestTtlSeconds: number;
  checkpointIntervalSeconds: number;
  /** Bounds on every database call of the service (docs/adr/0017-bounded-outages.md). */
  databaseBounds: DatabaseBoundsConfig;
  /** After SIGTERM or SIGINT: time to drain before the process exits regardless. */
  shutdownGraceSeconds: number;
  /** Outbound webhook and Slack deliveries (libs/notifications). */
  webhookDelivery: WebhookDeliveryConfig;
  /** An external OIDC issuer whose tokens sign members in; null when not configured. */
  oidc: OidcConfig | null;
  /** The model that writes setup guides; null: guides are extracted from the page. */
  ai: AiConfig | null;
  /** Who may create an org (`POST /api/orgs`), installation-wide. */
  orgCreation: OrgCreation;
}

/**
 * KEYLEDGER_ORG_CREATION. `owners`: members who own the org they are signed in to; `members`:
 * anyone signed in; `disabled`: no one (the bootstrap creates the first org).
 */
export const ORG_CREATION = ['owners', 'members', 'disabled'] as const satisfies readonly OrgCreation[];

export interface WebhookDeliveryConfig {
  /** The first retry waits this long; each later one twice as long (capped at an hour). */
  retryBaseMs: number;
  maxAttempts: number;
  /** Time allowed for one HTTP attempt. */
  timeoutMs: number;
}

export interface DatabaseBoundsConfig {
  /** Opening a connection, or waiting for a free one in the pool. */
  connectTimeoutMs: number;
  /** One statement, on the server and, for a network that stalls, on the client. */
  statementTimeoutMs: number;
  /** A transaction left open with no statement running. */
  idleInTransactionTimeoutMs: number;
}

export { ConfigError };
export type { AiConfig, OidcConfig };

const WINDOW_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseRate(variable: string, value: string): RateTier {
  const match = /^(\d+)\/(\d*)([smhd])$/.exec(value.trim());
  if (!match) {
    throw new ConfigError(variable, `expected <count>/<window> such as 60/1m, got "${value}"`);
  }
  const limit = Number(match[1]);
  const ttlMs = Number(match[2] || '1') * WINDOW_MS[match[3]];
  if (limit < 1 || ttlMs < 1) throw new ConfigError(variable, 'count and window must be positive');
  return { limit, ttlMs };
}

function parseMasterKeys(raw: string): Buffer[] {
  // A comma-separated list, newest first: the first key wraps new data keys, the others
  // still unwrap until `rotate-master-key` has re-wrapped everything under the first.
  return raw.split(',').map((part) => {
    const key = Buffer.from(part.trim(), 'base64');
    if (key.length !== 32) {
      throw new ConfigError('KEYLEDGER_MASTER_KEY', 'each key must be base64 of exactly 32 bytes');
    }
    return key;
  });
}

/**
 * Public keys of earlier signing keys, comma-separated, each as a checkpoint's `public_key`
 * shows it (base64 DER SubjectPublicKeyInfo): their checkpoints keep verifying after a rotation.
 */
function signingKeyHistory(raw: string | undefined): string[] {
  const variable = 'KEYLEDGER_SIGNING_KEY_HISTORY';
  return (raw ?? '')
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((text, index) => {
      try {
        const key = createPublicKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'spki' });
        if (key.asymmetricKeyType !== 'ed25519') throw new Error('not Ed25519');
        return key.export({ format: 'der', type: 'spki' }).toString('base64');
      } catch {
        throw new ConfigError(
          variable,
          `entry ${index + 1} is not an Ed25519 public key (base64 DER, as a checkpoint's public_key)`,
        );
      }
    });
}

const boolish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/**
 * true, false, or the proxies to trust. Not a hop count: Fastify cannot check the peer of a bare
 * count (it trusts nobody for one), and "1" read as true would let any client forge its IP.
 */
const trustedProxies = z.union([
  z.enum(['true', 'false', 'yes', 'no']).transform((v) => v === 'true' || v === 'yes'),
  z
    .string()
    .regex(/^[0-9A-Za-z.:/]+(\s*,\s*[0-9A-Za-z.:/]+)*$/, 'must be true, false, or proxy addresses or CIDRs')
    .refine((v) => !/^\d+$/.test(v), 'a hop count is not supported: list the proxies’ addresses or CIDRs')
    .transform((v) => v.replace(/\s+/g, '')),
]);

function field<T>(env: NodeJS.ProcessEnv, variable: string, schema: z.ZodType<T>, fallback: T): T {
  const raw = env[variable];
  if (raw === undefined || raw === '') return fallback;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(variable, parsed.error.issues.map((i) => i.message).join('; '));
  }
  return parsed.data;
}

/** Either name works (the old one, from before issue 15, covered webhooks only); they may not disagree. */
function outboundAllowPrivate(env: NodeJS.ProcessEnv): boolean {
  const current = field<boolean | null>(env, 'KEYLEDGER_OUTBOUND_ALLOW_PRIVATE', boolish, null);
  const old = field<boolean | null>(env, 'KEYLEDGER_WEBHOOK_ALLOW_PRIVATE', boolish, null);
  if (current !== null && old !== null && current !== old) {
    throw new ConfigError(
      'KEYLEDGER_OUTBOUND_ALLOW_PRIVATE',
      'disagrees with KEYLEDGER_WEBHOOK_ALLOW_PRIVATE, its old name: set only KEYLEDGER_OUTBOUND_ALLOW_PRIVATE',
    );
  }
  return current ?? old ?? false;
}

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
const intIn = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
/** An http(s) base URL, kept with one trailing slash (Slack's client appends method names). */
const httpUrl = z
  .string()
  .refine((raw) => {
    try {
      return ['http:', 'https:'].includes(new URL(raw).protocol);
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// URL')
  .transform((raw) => raw.replace(/\/*$/, '/'));

function databaseUrl(env: NodeJS.ProcessEnv): string | null {
  const raw = env.DATABASE_URL;
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('DATABASE_URL', 'is not a URL (expected postgres://user@host:port/db)');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError('DATABASE_URL', 'must use the postgres:// or postgresql:// scheme');
  }
  return raw;
}

function redisUrl(env: NodeJS.ProcessEnv): string | null {
  const raw = env.REDIS_URL;
  if (!raw) return null;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new Error('scheme');
  } catch {
    throw new ConfigError('REDIS_URL', 'must be a redis:// or rediss:// URL');
  }
  return raw;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): KeyledgerConfig {
  const production = env.NODE_ENV === 'production';
  const dbUrl = databaseUrl(env);
  const masterKeys = env.KEYLEDGER_MASTER_KEY ? parseMasterKeys(env.KEYLEDGER_MASTER_KEY) : null;
  if (production && !dbUrl) {
    throw new ConfigError('DATABASE_URL', 'is required when NODE_ENV=production');
  }
  if (production && !masterKeys && !env.KEYLEDGER_MASTER_KEY_FILE) {
    throw new ConfigError('KEYLEDGER_MASTER_KEY', 'is required when NODE_ENV=production');
  }
  const rateTiers = {} as Record<RateTierName, RateTier>;
  for (const [tier, fallback] of Object.entries(DEFAULT_RATE_TIERS) as [RateTierName, string][]) {
    const variable = `KEYLEDGER_RATE_${tier.toUpperCase()}`;
    rateTiers[tier] = parseRate(variable, env[variable] || fallback);
  }
  if (env.KEYLEDGER_DB_ROLE) {
    // A SET ROLE on every connection could be undone with RESET ROLE (docs/adr/0010).
    throw new ConfigError(
      'KEYLEDGER_DB_ROLE',
      'is no longer supported: the service now serves as a login role that cannot change the log; ' +
        'remove it (KEYLEDGER_DB_SERVICE_ROLE names that login role)',
    );
  }
  const jwtSecret = env.KEYLEDGER_JWT_SECRET || null;
  if (jwtSecret !== null && Buffer.byteLength(jwtSecret) < 32) {
    throw new ConfigError('KEYLEDGER_JWT_SECRET', 'must be at least 32 bytes');
  }
  return {
    production,
    port: field(env, 'PORT', port, 3000),
    host: env.HOST || '0.0.0.0',
    databaseUrl: dbUrl,
    redisUrl: redisUrl(env),
    redisTimeoutMs: field(env, 'KEYLEDGER_REDIS_TIMEOUT_MS', intIn(10, 10_000), 500),
    dataDir: env.KEYLEDGER_DATA_DIR || '.keyledger',
    masterKeys,
    masterKeyFile: env.KEYLEDGER_MASTER_KEY_FILE || null,
    signingKeyPem: env.KEYLEDGER_SIGNING_KEY || null,
    signingKeyHistory: signingKeyHistory(env.KEYLEDGER_SIGNING_KEY_HISTORY),
    bootstrapEmail: field(
      env,
      'KEYLEDGER_BOOTSTRAP_EMAIL',
      z.string().regex(/^[^\s@]+@[^\s@]+$/, 'must be an email address'),
      'admin@localhost',
    ),
    bootstrapPassword: field(env, 'KEYLEDGER_BOOTSTRAP_PASSWORD', z.string().min(12), null),
    autoMigrate: field(env, 'KEYLEDGER_AUTO_MIGRATE', boolish, true),
    dbServiceRole: field(
      env,
      'KEYLEDGER_DB_SERVICE_ROLE',
      z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case role name (letters, digits, _)'),
      null,
    ),
    dbServicePassword: field(
      env,
      'KEYLEDGER_DB_SERVICE_PASSWORD',
      z.string().regex(/^[\x21-\x7e]{16,}$/, 'must be at least 16 printable ASCII characters, no spaces'),
      null,
    ),
    logLevel: field(
      env,
      'LOG_LEVEL',
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
      'info',
    ),
    metricsToken: loadMetricsToken(env),
    rateTiers,
    outboundAllowPrivate: outboundAllowPrivate(env),
    refusalWindowSeconds: field(env, 'KEYLEDGER_REFUSAL_WINDOW_SECONDS', intIn(1, 86_400), 60),
    trustProxy: field(env, 'KEYLEDGER_TRUST_PROXY', trustedProxies, false),
    publicUrl: env.KEYLEDGER_PUBLIC_URL || null,
    slackApiUrl: field(env, 'KEYLEDGER_SLACK_API_URL', httpUrl, null),
    jwtSecret,
    jwtTtlSeconds: field(env, 'KEYLEDGER_JWT_TTL_SECONDS', positiveInt, 900),
    pendingRequestTtlSeconds: field(env, 'KEYLEDGER_PENDING_TTL_SECONDS', positiveInt, 7 * 86400),
    checkpointIntervalSeconds: field(env, 'KEYLEDGER_CHECKPOINT_INTERVAL_SECONDS', positiveInt, 60),
    databaseBounds: {
      connectTimeoutMs: field(env, 'KEYLEDGER_DB_CONNECT_TIMEOUT_MS', intIn(100, 600_000), 5000),
      statementTimeoutMs: field(env, 'KEYLEDGER_DB_STATEMENT_TIMEOUT_MS', intIn(100, 3_600_000), 5000),
      idleInTransactionTimeoutMs: field(
        env,
        'KEYLEDGER_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS',
        intIn(100, 3_600_000),
        10_000,
      ),
    },
    shutdownGraceSeconds: field(env, 'KEYLEDGER_SHUTDOWN_GRACE_SECONDS', intIn(1, 3600), 15),
    webhookDelivery: {
      retryBaseMs: field(env, 'KEYLEDGER_WEBHOOK_RETRY_BASE_MS', intIn(1, 3_600_000), 10_000),
      maxAttempts: field(env, 'KEYLEDGER_WEBHOOK_MAX_ATTEMPTS', intIn(1, 50), 10),
      timeoutMs: field(env, 'KEYLEDGER_WEBHOOK_TIMEOUT_MS', intIn(100, 60_000), 10_000),
    },
    oidc: loadOidcConfig(env),
    ai: loadAiConfig(env),
    orgCreation: field(env, 'KEYLEDGER_ORG_CREATION', z.enum(ORG_CREATION), 'owners'),
  };
}
