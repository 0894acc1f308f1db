import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, parseRate } from './config';

const KEY = Buffer.alloc(32, 7).toString('base64');

describe('loadConfig', () => {
  it('starts with no configuration at all (development defaults)', () => {
    const config = loadConfig({});
    expect(config.production).toBe(false);
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeNull();
    expect(config.dataDir).toBe('.keyledger');
    expect(config.rateTiers.credential).toEqual({ limit: 60, ttlMs: 60_000 });
    expect(config.rateTiers.login).toEqual({ limit: 10, ttlMs: 15 * 60_000 });
    expect(config.orgCreation).toBe('owners');
    expect(loadConfig({ KEYLEDGER_ORG_CREATION: 'members' }).orgCreation).toBe('members');
    expect(config.databaseBounds).toEqual({
      connectTimeoutMs: 5000,
      statementTimeoutMs: 5000,
      idleInTransactionTimeoutMs: 10_000,
    });
    expect(config.shutdownGraceSeconds).toBe(15);
  });

  it.each([
    [{ NODE_ENV: 'production', KEYLEDGER_MASTER_KEY: KEY }, 'DATABASE_URL'],
    [{ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/kl' }, 'KEYLEDGER_MASTER_KEY'],
    [{ NODE_ENV: 'production', DATABASE_URL: 'mysql://db/kl', KEYLEDGER_MASTER_KEY: KEY }, 'DATABASE_URL'],
    [{ NODE_ENV: 'production', DATABASE_URL: 'not a url', KEYLEDGER_MASTER_KEY: KEY }, 'DATABASE_URL'],
    [
      { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/kl', KEYLEDGER_MASTER_KEY: 'c2hvcnQ=' },
      'KEYLEDGER_MASTER_KEY',
    ],
    [{ PORT: 'eighty' }, 'PORT'],
    [{ KEYLEDGER_RATE_CREDENTIAL: '600 per minute' }, 'KEYLEDGER_RATE_CREDENTIAL'],
    [{ REDIS_URL: 'http://cache' }, 'REDIS_URL'],
    [{ KEYLEDGER_BOOTSTRAP_EMAIL: 'nobody' }, 'KEYLEDGER_BOOTSTRAP_EMAIL'],
    [{ KEYLEDGER_JWT_SECRET: 'short' }, 'KEYLEDGER_JWT_SECRET'],
    [{ KEYLEDGER_ORG_CREATION: 'everyone' }, 'KEYLEDGER_ORG_CREATION'],
    [{ KEYLEDGER_DB_ROLE: 'keyledger_app' }, 'KEYLEDGER_DB_ROLE'],
    [{ KEYLEDGER_DB_SERVICE_ROLE: 'Robert"; DROP' }, 'KEYLEDGER_DB_SERVICE_ROLE'],
    [{ KEYLEDGER_DB_SERVICE_PASSWORD: 'too short' }, 'KEYLEDGER_DB_SERVICE_PASSWORD'],
    [{ KEYLEDGER_DB_CONNECT_TIMEOUT_MS: '0' }, 'KEYLEDGER_DB_CONNECT_TIMEOUT_MS'],
    [{ KEYLEDGER_DB_STATEMENT_TIMEOUT_MS: '5s' }, 'KEYLEDGER_DB_STATEMENT_TIMEOUT_MS'],
    [{ KEYLEDGER_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '-1' }, 'KEYLEDGER_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS'],
    [{ KEYLEDGER_SHUTDOWN_GRACE_SECONDS: '0' }, 'KEYLEDGER_SHUTDOWN_GRACE_SECONDS'],
  ])('refuses %j, naming %s', (env, variable) => {
    let caught: unknown;
    try {
      loadConfig(env);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).variable).toBe(variable);
    expect((caught as ConfigError).message).toContain(variable);
  });

  it('accepts a complete production configuration with a rotation list of master keys', () => {
    const older = Buffer.alloc(32, 1).toString('base64');
    const config = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://kl@db:5432/kl',
      KEYLEDGER_MASTER_KEY: `${KEY},${older}`,
      KEYLEDGER_RATE_CREDENTIAL: '600/1m',
    });
    expect(config.masterKeys).toHaveLength(2);
    expect(config.rateTiers.credential).toEqual({ limit: 600, ttlMs: 60_000 });
  });
});

describe('KEYLEDGER_TRUST_PROXY', () => {
  it.each([
    ['true', true],
    ['yes', true],
    ['false', false],
    ['loopback', 'loopback'],
    ['10.0.0.0/8, 127.0.0.1', '10.0.0.0/8,127.0.0.1'],
  ])('%s means %s', (value, expected) => {
    expect(loadConfig({ KEYLEDGER_TRUST_PROXY: value }).trustProxy).toBe(expected);
  });

  it.each(['1', '2', '0', 'proxy; drop table'])('refuses %s, naming the variable', (value) => {
    expect(() => loadConfig({ KEYLEDGER_TRUST_PROXY: value })).toThrow(/^KEYLEDGER_TRUST_PROXY:/);
  });
});

describe('parseRate', () => {
  it.each([
    ['60/1m', 60, 60_000],
    ['10/15m', 10, 900_000],
    ['5/s', 5, 1000],
    ['100/2h', 100, 7_200_000],
  ])('%s', (value, limit, ttlMs) => {
    expect(parseRate('X', value)).toEqual({ limit, ttlMs });
  });
});

describe('KEYLEDGER_SIGNING_KEY_HISTORY and the heavy tier', () => {
  const publicKey = () =>
    generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).toString('base64');

  it('takes earlier public keys, comma-separated, as checkpoints show them', () => {
    const [a, b] = [publicKey(), publicKey()];
    expect(loadConfig({}).signingKeyHistory).toEqual([]);
    expect(loadConfig({ KEYLEDGER_SIGNING_KEY_HISTORY: `${a}, ${b}` }).signingKeyHistory).toEqual([a, b]);
  });

  it.each([
    'not base64 at all',
    generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .publicKey.export({ format: 'der', type: 'spki' })
      .toString('base64'),
  ])('refuses %s, naming the variable', (value) => {
    expect(() => loadConfig({ KEYLEDGER_SIGNING_KEY_HISTORY: value })).toThrow(
      /^KEYLEDGER_SIGNING_KEY_HISTORY:/,
    );
  });

  it('sets the heavy tier like the others', () => {
    expect(loadConfig({}).rateTiers.heavy).toEqual({ limit: 10, ttlMs: 3_600_000 });
    expect(loadConfig({ KEYLEDGER_RATE_HEAVY: '2/1m' }).rateTiers.heavy).toEqual({ limit: 2, ttlMs: 60_000 });
    expect(() => loadConfig({ KEYLEDGER_RATE_HEAVY: 'lots' })).toThrow(/^KEYLEDGER_RATE_HEAVY:/);
  });
});

describe('operations settings', () => {
  it('defaults: /metrics off, Redis commands bounded, one refusal event per key per minute', () => {
    const config = loadConfig({});
    expect(config.metricsToken).toBeNull();
    expect(config.redisTimeoutMs).toBe(500);
    expect(config.refusalWindowSeconds).toBe(60);
  });

  it('reads the metrics token from the variable or from a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kl-metrics-'));
    const file = join(dir, 'token');
    writeFileSync(file, 'scrape-token-from-a-file-0123\n');
    expect(loadConfig({ KEYLEDGER_METRICS_TOKEN: 'scrape-token-0123456789' }).metricsToken).toBe(
      'scrape-token-0123456789',
    );
    expect(loadConfig({ KEYLEDGER_METRICS_TOKEN_FILE: file }).metricsToken).toBe(
      'scrape-token-from-a-file-0123',
    );
  });

  it.each([
    [{ KEYLEDGER_METRICS_TOKEN: 'short' }, 'KEYLEDGER_METRICS_TOKEN'],
    [{ KEYLEDGER_METRICS_TOKEN: 'has a space in it, 1234567' }, 'KEYLEDGER_METRICS_TOKEN'],
    [{ KEYLEDGER_METRICS_TOKEN_FILE: '/nonexistent/token' }, 'KEYLEDGER_METRICS_TOKEN_FILE'],
    [
      { KEYLEDGER_METRICS_TOKEN: 'scrape-token-0123456789', KEYLEDGER_METRICS_TOKEN_FILE: '/etc/hostname' },
      'KEYLEDGER_METRICS_TOKEN',
    ],
    [{ KEYLEDGER_REDIS_TIMEOUT_MS: '0' }, 'KEYLEDGER_REDIS_TIMEOUT_MS'],
    [{ KEYLEDGER_REFUSAL_WINDOW_SECONDS: 'soon' }, 'KEYLEDGER_REFUSAL_WINDOW_SECONDS'],
  ])('refuses %j, naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(new RegExp(`^${variable}:`));
  });
});
