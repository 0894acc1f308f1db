import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Inject,
  Logger,
} from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../domain-error';
import { ConcurrencyError, EventStoreUnavailableError } from '../../../event-store/src/errors';
import { databaseUnavailableProblem, RETRY_AFTER_SECONDS } from './database-unavailable';
import { ApiContract } from './api-contract';
import { problem, type Problem, STATUS_OF } from './problem';
import { ValidationProblem } from './validation';

const SLUG_BY_STATUS: Record<number, string> = {
  400: 'bad-request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  409: 'conflict',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  429: 'rate-limited',
  503: 'unavailable',
};

/** Every error leaves as application/problem+json, with a stable type and no stack trace. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  constructor(@Inject(ApiContract) private readonly contract: ApiContract) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const body = this.toProblem(error, request);
    if (
      body.status === 400 &&
      request.method === 'POST' &&
      this.contract.describesBody(request.routeOptions?.url)
    ) {
      body.hint += ` GET ${body.instance} answers the JSON Schema of this body.`;
    }
    if (body.status >= 500) {
      this.logger.error({ err: error, reqId: request.id }, `request failed: ${(error as Error)?.message}`);
    }
    if (body.status === 429 && body.retry_after !== undefined) {
      void reply.header('retry-after', `${Number(body.retry_after)}`);
    }
    // Every 503 is worth retrying (the database or the log is back within seconds, or the
    // instance is stopping and another answers): say when.
    if (body.status === 503) {
      void reply.header('retry-after', `${Number(body.retry_after ?? RETRY_AFTER_SECONDS)}`);
    }
    void reply.status(body.status).header('content-type', 'application/problem+json').send(body);
  }

  private toProblem(error: unknown, request: FastifyRequest): Problem {
    const instance = request.url?.split('?')[0];
    if (error instanceof ValidationProblem) {
      return problem(400, 'validation', error.message, { errors: error.errors, instance });
    }
    if (error instanceof DomainError) {
      return problem(STATUS_OF[error.kind], error.type, error.message, { ...error.extensions, instance });
    }
    if (error instanceof ConcurrencyError) {
      return problem(
        409,
        'concurrency-conflict',
        'the resource changed while this request ran; read it again and retry',
        {
          instance,
        },
      );
    }
    if (error instanceof EventStoreUnavailableError) {
      return problem(503, 'unavailable', 'the audit log could not record this request, so nothing was done', {
        instance,
      });
    }
    if (error instanceof ThrottlerException) {
      return problem(
        429,
        'rate-limited',
        'too many requests: wait for the Retry-After seconds and try again',
        {
          instance,
        },
      );
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const response = error.getResponse();
      const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
      const detail = Array.isArray(message)
        ? message.join('; ')
        : typeof message === 'string'
          ? message
          : error.message;
      const slug = SLUG_BY_STATUS[status] ?? 'error';
      return problem(status, slug, status === 404 ? `no route ${request.method} ${instance}` : detail, {
        instance,
      });
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // Fastify's own errors (bad JSON, body too large, wrong content type).
      return problem(status, SLUG_BY_STATUS[status] ?? 'bad-request', (error as Error).message, { instance });
    }
    const unavailable = databaseUnavailableProblem(error, instance);
    if (unavailable) return unavailable;
    return problem(500, 'internal', 'an unexpected error occurred; it has been logged with the request id', {
      instance,
    });
  }
}
