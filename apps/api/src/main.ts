import { ConfigError, loadConfig } from '../../../libs/config/src/config';
import { Database } from '../../../libs/database/src/database';
import { EventStore } from '../../../libs/event-store/src/event-store';
import { bootstrapOwner } from '../../../libs/identity/src/bootstrap/bootstrap-owner';
import { createApp } from './app.factory';
import { createLogger } from '../../../libs/common/src/http/logger';
import { prepareRuntime } from './core/runtime';
import { startupFailureMessage } from '../../../libs/common/src/startup-error';
import { stopOnSignals } from './core/shutdown';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`keyledger: refusing to start: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const runtime = await prepareRuntime(config, (m) => logger.info(m));
  const app = await createApp(config, runtime, logger).catch(async (error: unknown) => {
    await runtime.stop();
    throw error;
  });
  stopOnSignals(logger, config.shutdownGraceSeconds, async () => {
    await app.close();
    await runtime.stop();
  });

  const boot = await bootstrapOwner(app.get(Database), app.get(EventStore), {
    email: config.bootstrapEmail,
    password: config.bootstrapPassword,
  });
  if (boot.created) {
    logger.info({ org_id: boot.orgId, email: boot.email }, 'created the default org and its owner');
    if (boot.generatedPassword) {
      // Printed once, to the terminal only (not the structured log): it is never stored in clear.
      process.stdout.write(
        `\n  Keyledger owner created\n    email:    ${boot.email}\n    password: ${boot.generatedPassword}\n` +
          `  Sign in at http://localhost:${config.port}/ — this password is shown only once.\n\n`,
      );
    }
  }
  await app.listen({ port: config.port, host: config.host });
  logger.info(
    { url: `http://localhost:${config.port}`, embedded_database: runtime.embedded },
    'keyledger is listening',
  );
}

// A short message naming the cause and the fix: a first start must not end in a stack trace.
main().catch((error: unknown) => {
  process.stderr.write(`keyledger: failed to start: ${startupFailureMessage(error)}\n`);
  process.exit(1);
});
