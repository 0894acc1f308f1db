/**
 * Writes docs/openapi.json: the document the service serves at /api/openapi.json, built without a
 * database. Nest's preview mode registers every module and controller but instantiates no provider,
 * so no connection, key or migration is needed; the swagger scan reads only route metadata.
 *
 *   npm run openapi            write docs/openapi.json
 *   npm run openapi -- --check exit 1 when docs/openapi.json is stale (for CI)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { buildOpenApiDocument } from '../apps/api/src/app.factory';
import { AppModule } from '../apps/api/src/app.module';
import type { Runtime } from '../apps/api/src/core/runtime';
import { loadConfig } from '../libs/config/src/config';

const OPENAPI_PATH = join(__dirname, '..', 'docs', 'openapi.json');

async function main(): Promise<void> {
  // Development defaults: nothing here is read in preview mode, but forRoot needs values.
  const config = loadConfig({ DATABASE_URL: 'postgres://preview@localhost/preview', LOG_LEVEL: 'silent' });
  const runtime: Runtime = {
    databaseUrl: config.databaseUrl ?? '',
    embedded: false,
    masterKeys: [],
    signingKeyPem: '',
    jwtSecret: 'preview',
    stop: () => Promise.resolve(),
  };
  const app = await NestFactory.create(
    AppModule.forRoot(config, runtime, { background: false }),
    new FastifyAdapter(),
    {
      preview: true,
      logger: ['error'],
      // Surface a broken module graph as an error here rather than a silent process.exit.
      abortOnError: false,
    },
  );
  const document = buildOpenApiDocument(app);
  const text = JSON.stringify(document, null, 2) + '\n';
  if (process.argv.includes('--check')) {
    const committed: unknown = JSON.parse(readFileSync(OPENAPI_PATH, 'utf8'));
    if (!isDeepStrictEqual(committed, JSON.parse(text))) {
      process.stderr.write(
        'docs/openapi.json is stale: run `npm run openapi && npm run client:generate` and commit the result\n',
      );
      process.exit(1);
    }
    process.stdout.write('docs/openapi.json is current\n');
  } else {
    writeFileSync(OPENAPI_PATH, text);
    const operations = Object.values(document.paths).flatMap((item) => Object.keys(item)).length;
    process.stdout.write(`wrote docs/openapi.json (${operations} operations)\n`);
  }
  // Nothing was opened, but Nest's adapter holds a Fastify instance: do not wait on it.
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `export-openapi: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
