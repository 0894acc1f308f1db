import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Logger } from 'pino';
import type { KeyledgerConfig } from '../../../libs/config/src/config';
import { AppModule, type AppOptions } from './app.module';
import type { Runtime } from './core/runtime';
import { PinoNestLogger } from '../../../libs/common/src/http/logger';
import { validationPipe } from '../../../libs/common/src/http/validation';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function buildOpenApiConfig() {
  return new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Keyledger API')
    .setDescription(
      'Credential governance for AI agents: agents request access to tools, humans approve, ' +
        'agents fetch credentials on demand, and every fact is an event in a tamper-evident log.',
    )
    .setVersion('1')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'klk_…', description: 'Agent API key' },
      'agent_key',
    )
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Member token' },
      'member_jwt',
    )
    .addTag('agent', 'Routes agents call with their API key')
    .addTag('admin', 'Routes security admins call with a member token')
    .addTag('audit', 'Routes auditors call with a member token')
    .build();
}

/** Builds the HTTP service; main.ts and the end-to-end tests both start it this way. */
export async function createApp(
  config: KeyledgerConfig,
  runtime: Runtime,
  logger: Logger,
  options: AppOptions = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    trustProxy: true,
    bodyLimit: 256 * 1024,
    requestIdHeader: false,
    genReqId: (req: IncomingMessage) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  adapter.getInstance().addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, runtime, options),
    adapter,
    {
      logger: new PinoNestLogger(logger),
      abortOnError: false,
    },
  );
  app.useGlobalPipes(validationPipe);
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(app, buildOpenApiConfig());
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/openapi.json',
    yamlDocumentUrl: 'api/openapi.yaml',
  });
  await app.init();
  return app;
}
