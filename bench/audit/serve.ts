/**
 * The service alone in its own process, for bench/audit/audit.bench.ts: its memory and CPU
 * are then the service's, not the benchmark's. Background jobs are off so that nothing but
 * the measured requests runs. Prints `listening <port>` when ready; SIGTERM closes it.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createApp } from '../../apps/api/src/app.factory';
import { createLogger } from '../../libs/common/src/http/logger';
import { loadConfig } from '../../libs/config/src/config';

const UNLIMITED = '1000000/1m';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL!;
  const config = loadConfig({
    DATABASE_URL: url,
    LOG_LEVEL: 'silent',
    KEYLEDGER_RATE_READ: UNLIMITED,
    KEYLEDGER_RATE_PREAUTH: UNLIMITED,
    KEYLEDGER_RATE_LOGIN: UNLIMITED,
  });
  const runtime = {
    databaseUrl: url,
    embedded: false,
    masterKeys: [randomBytes(32)],
    signingKeyPem: generateKeyPairSync('ed25519')
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString(),
    jwtSecret: randomBytes(48).toString('base64url'),
    stop: () => Promise.resolve(),
  };
  const app = await createApp(config, runtime, createLogger('silent'), { background: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

void main();
