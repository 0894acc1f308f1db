import {
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import { ApiContract } from './api-contract';
import { assertStorableInput } from './input-rules';
import { problem, type Problem } from './problem';

/**
 * Every request passes here after authentication and rate limiting (so bad input is counted
 * and answered with the rate-limit headers) and before pipes and handlers: path parameters,
 * query and body (JSON, YAML text, forms alike) obey the input rules, then the operation's
 * contract. A refusal is thrown to the ProblemFilter, and nothing has run. No guard reads
 * input that could fail before this (the login tier reads the email only as a counter key).
 */
@Injectable()
export class InputBoundary implements NestInterceptor {
  constructor(@Inject(ApiContract) private readonly contract: ApiContract) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    assertStorableInput(request.params, 'path');
    assertStorableInput(request.query, 'query');
    assertStorableInput(request.body, 'body');
    this.contract.check(request);
    return next.handle();
  }
}

/**
 * Fastify's router refuses some URLs before any hook or Nest's exception layer can see them:
 * malformed percent-encoding (`%FF%FE`, an encoded lone surrogate) and path parameters over its
 * limit (100 characters). Left to Fastify they answer plain JSON; here they answer problems too.
 */
export function answerFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const instance = request.url.split('?')[0];
  let body: Problem;
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    body = problem(
      404,
      'not-found',
      `no route ${request.method} ${instance}: a path segment over 100 characters is never an id`,
      {
        instance,
      },
    );
  } else if (error.code === 'FST_ERR_BAD_URL') {
    body = problem(400, 'malformed-url', 'the path is not valid percent-encoded UTF-8', { instance });
  } else {
    request.log.error({ err: error }, 'the router failed');
    body = problem(500, 'internal', 'an unexpected error occurred; it has been logged with the request id', {
      instance,
    });
  }
  void reply
    .status(body.status)
    .header('x-request-id', request.id)
    .header('content-type', 'application/problem+json')
    .send(body);
}
