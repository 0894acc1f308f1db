import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig, type KeyledgerConfig } from '../../libs/config/src/config';
import { createApp } from '../../apps/api/src/app.factory';
import { createLogger } from '../../libs/common/src/http/logger';
import type { Runtime } from '../../apps/api/src/core/runtime';
import { Database } from '../../libs/database/src/database';
import { EventStore } from '../../libs/event-store/src/event-store';
import { bootstrapOwner } from '../../libs/identity/src/bootstrap/bootstrap-owner';
import { createTestDatabase, type TestDatabase } from './database';
import { OWNER } from './http';

export interface RunningApp {
  app: NestFastifyApplication;
  url: string;
  config: KeyledgerConfig;
  runtime: Runtime;
  close(): Promise<void>;
}

export interface TestEnv {
  db: TestDatabase;
  runtime: Runtime;
  /** Starts one service instance on this database (call twice for two instances). */
  start(env?: Record<string, string>, options?: { background?: boolean }): Promise<RunningApp>;
  close(): Promise<void>;
}

/** A fresh database with a set of keys; any number of service instances can share it. */
export async function createTestEnv(): Promise<TestEnv> {
  const db = await createTestDatabase();
  const runtime: Runtime = {
    databaseUrl: db.url,
    embedded: false,
    masterKeys: [randomBytes(32)],
    signingKeyPem: generateKeyPairSync('ed25519')
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString(),
    jwtSecret: randomBytes(48).toString('base64url'),
    stop: () => Promise.resolve(),
  };
  const running: RunningApp[] = [];
  return {
    db,
    runtime,
    async start(env = {}, options = {}) {
      const config = loadConfig({
        DATABASE_URL: db.url,
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
        KEYLEDGER_BOOTSTRAP_EMAIL: 'owner@example.com',
        // Two instances and hundreds of concurrent requests in one Node process on a loaded CI
        // machine wait in line longer than production's bounds allow: that is the machine, not an
        // outage. test/faults/ sets its own bounds to test them.
        KEYLEDGER_DB_CONNECT_TIMEOUT_MS: '60000',
        KEYLEDGER_DB_STATEMENT_TIMEOUT_MS: '60000',
        // No test reaches Slack: a closed local port unless the test runs its own fake Slack.
        KEYLEDGER_SLACK_API_URL: 'http://127.0.0.1:9/api/',
        ...env,
      });
      const app = await createApp(config, runtime, createLogger(config.logLevel), options);
      if (running.length === 0) {
        await bootstrapOwner(app.get(Database), app.get(EventStore), {
          email: OWNER.email,
          password: OWNER.password,
        });
      }
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.getHttpServer().address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const handle: RunningApp = {
        app,
        url: `http://127.0.0.1:${port}`,
        config,
        runtime,
        close: () => app.close(),
      };
      running.push(handle);
      return handle;
    },
    async close() {
      for (const r of running.reverse()) await r.close().catch(() => undefined);
      await db.drop();
    },
  };
}
