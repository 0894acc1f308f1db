import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { KeyledgerConfig } from '../../../../libs/config/src/config';
import { ConfigError } from '../../../../libs/config/src/config';
import { startEmbeddedPostgres } from '../../../../libs/database/src/embedded-postgres';
import type { Runtime } from '../../../../libs/common/src/runtime';

export type { Runtime };

/** Reads a development key file, creating it (mode 0600) on first start. */
function devKeyFile(dataDir: string, name: string, create: () => string): string {
  const path = join(resolve(dataDir), name);
  if (!existsSync(path)) {
    mkdirSync(resolve(dataDir), { recursive: true, mode: 0o700 });
    writeFileSync(path, create(), { mode: 0o600, flag: 'wx' });
  }
  return readFileSync(path, 'utf8').trim();
}

function masterKeysFromFile(path: string, variable: string): Buffer[] {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError(variable, `cannot read ${path}`);
  }
  const keys = raw
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((k) => Buffer.from(k, 'base64'));
  if (keys.length === 0 || keys.some((k) => k.length !== 32)) {
    throw new ConfigError(variable, 'the key file must hold base64 keys of exactly 32 bytes, newest first');
  }
  return keys;
}

export async function prepareRuntime(config: KeyledgerConfig, log: (m: string) => void): Promise<Runtime> {
  let databaseUrl = config.databaseUrl;
  let stop = () => Promise.resolve();
  if (!databaseUrl) {
    log(`starting embedded PostgreSQL under ${resolve(config.dataDir, 'pg')}`);
    const embedded = await startEmbeddedPostgres(config.dataDir, log);
    databaseUrl = embedded.url;
    stop = () => embedded.stop();
  }
  let masterKeys = config.masterKeys;
  if (!masterKeys && config.masterKeyFile) {
    masterKeys = masterKeysFromFile(config.masterKeyFile, 'KEYLEDGER_MASTER_KEY_FILE');
  }
  if (!masterKeys) {
    // Development only: loadConfig refuses to start production without a master key.
    const dev = devKeyFile(config.dataDir, 'master.key', () => randomBytes(32).toString('base64') + '\n');
    masterKeys = masterKeysFromFile(join(resolve(config.dataDir), 'master.key'), 'KEYLEDGER_MASTER_KEY');
    void dev;
  }
  const signingKeyPem =
    config.signingKeyPem ??
    devKeyFile(config.dataDir, 'signing-key.pem', () =>
      generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    );
  const jwtSecret =
    config.jwtSecret ?? devKeyFile(config.dataDir, 'jwt.secret', () => randomBytes(48).toString('base64url'));
  return { databaseUrl, embedded: !config.databaseUrl, masterKeys, signingKeyPem, jwtSecret, stop };
}
