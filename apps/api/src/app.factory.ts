import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, type OpenAPIObject, type ResponseObject, SwaggerModule } from '@nestjs/swagger';
import type { Logger } from 'pino';
import type { KeyledgerConfig } from '../../../libs/config/src/config';
import { AppModule, type AppOptions } from './app.module';
import type { Runtime } from './core/runtime';
import { PinoNestLogger } from '../../../libs/common/src/http/logger';
import { validationPipe } from '../../../libs/common/src/http/validation';
import { problem } from '../../../libs/common/src/http/problem';
import { ApiContract } from '../../../libs/common/src/http/api-contract';
import { answerFrameworkError, InputBoundary } from '../../../libs/common/src/http/input-boundary';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function buildOpenApiConfig() {
  return new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Keyledger API')
    .setDescription(
      'Credential governance for AI agents: agents request access to tools, humans approve, ' +
        'agents fetch credentials on demand, and every fact is an event in a tamper-evident log.\n\n' +
        'Errors are `application/problem+json` (RFC 9457). Agents may also speak MCP (streamable ' +
        'HTTP) at `/mcp` with the same agent key; it is not a REST route, so it is not listed here.',
    )
    .setVersion('1')
    .addServer('/', 'This Keyledger instance')
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

/** Operations called without a token; any other operation lacking `security` fails the lint. */
const PUBLIC_OPERATIONS = new Set(['login']);

const ANSWER_HEADERS: Record<string, [description: string, type: 'integer' | 'string']> = {
  'X-RateLimit-Limit': ["Requests allowed in the current window of this route's rate tier", 'integer'],
  'X-RateLimit-Remaining': ['Requests left in the current window', 'integer'],
  'X-RateLimit-Reset': ['Seconds until the window resets', 'integer'],
  'X-Request-Id': ['The correlation id of this request, recorded in the audit log', 'string'],
};

// The problem types ProblemFilter answers for each status when no rule names a finer one.
const EXAMPLE_TYPES: Record<number, string> = {
  400: 'validation',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  429: 'rate-limited',
  503: 'unavailable',
};

function problemResponse(status: number, description: string): ResponseObject {
  return {
    description,
    content: {
      'application/problem+json': {
        schema: { $ref: '#/components/schemas/ProblemDto' },
        example: problem(status, EXAMPLE_TYPES[status] ?? 'error', description),
      },
    },
  };
}

/**
 * The document served at /api/openapi.json and committed as docs/openapi.json (scripts/export-openapi.ts).
 * Nest's scan plus what route decorators cannot say: errors are problem+json, every answer carries
 * the rate-limit headers, tags are per audience only, and keys are sorted so the committed copy
 * diffs cleanly.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const doc = SwaggerModule.createDocument(app, buildOpenApiConfig(), { autoTagControllers: false });
  const headers = Object.fromEntries(
    Object.entries({
      ...ANSWER_HEADERS,
      'Retry-After': ['Seconds to wait before trying again', 'integer'],
    }).map(([name, [description, type]]) => [name, { description, schema: { type } }]),
  );
  const ref = (name: string) => ({ $ref: `#/components/headers/${name}` });
  for (const item of Object.values(doc.paths)) {
    for (const op of [item.get, item.put, item.post, item.delete, item.patch]) {
      if (!op) continue;
      if (!op.security && op.operationId && PUBLIC_OPERATIONS.has(op.operationId)) op.security = [];
      // Every request is validated (docs/adr/0018): any operation can answer 400.
      if (!op.responses['400']) {
        op.responses['400'] = {
          description: op.requestBody
            ? 'Invalid input'
            : 'An undeclared query parameter, a body, or a malformed path or query value',
        };
      }
      // Every operation reads or records through PostgreSQL (docs/adr/0017): when it is
      // unreachable or stalls, the answer is 503 with Retry-After, never a 500 or a hang.
      if (!op.responses['503']) {
        op.responses['503'] = {
          description: 'The database is unreachable or did not answer in time; retry after Retry-After',
        };
      }
      for (const [status, response] of Object.entries(op.responses)) {
        if (!response || '$ref' in response) continue;
        const code = Number(status);
        const answer = code >= 400 ? problemResponse(code, response.description) : response;
        answer.headers = {
          ...answer.headers, // the operation's own (ETag, …)
          ...Object.fromEntries(
            [...Object.keys(ANSWER_HEADERS), ...(code === 429 || code === 503 ? ['Retry-After'] : [])].map(
              (n) => [n, ref(n)],
            ),
          ),
        };
        op.responses[status] = answer;
      }
    }
  }
  const schemas = doc.components?.schemas ?? {};
  // Problems carry extension members (reason, tool_id, retry_after) that depend on their type.
  if (schemas.ProblemDto) schemas.ProblemDto = { ...schemas.ProblemDto, additionalProperties: true };
  const sorted = <T>(o: Record<string, T>) =>
    Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
  const { openapi, info, servers, tags, paths, components, ...rest } = doc;
  return {
    openapi,
    info,
    servers,
    tags,
    ...rest,
    paths: sorted(paths),
    components: { ...components, headers, schemas: sorted(schemas) },
  };
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
    // Client IPs key the preauth and login rate tiers: trust X-Forwarded-For only when told to.
    trustProxy: config.trustProxy,
    bodyLimit: 256 * 1024,
    requestIdHeader: false,
    genReqId: (req: IncomingMessage) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    frameworkErrors: answerFrameworkError,
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
      // Slack signs the raw form body (libs/notifications/src/slack): `request.rawBody`.
      rawBody: true,
    },
  );
  app.useGlobalPipes(validationPipe);
  // No enableShutdownHooks: main.ts owns the signals (core/shutdown.ts) and closes the app, which
  // runs the shutdown hooks; Nest's own listener would re-raise the signal when its part is done.
  const document = buildOpenApiDocument(app);
  // Bad input is refused after guards (counted by the rate tiers) and before any pipe.
  app.useGlobalInterceptors(new InputBoundary(app.get(ApiContract).load(document)));
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/openapi.json',
    yamlDocumentUrl: 'api/openapi.yaml',
  });
  await app.init();
  return app;
}
