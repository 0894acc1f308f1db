import { generateKeyPairSync } from 'node:crypto';
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
