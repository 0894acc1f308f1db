import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiContract } from './api-contract';
import { assertStorableInput } from './input-rules';
import { problem, type Problem } from './problem';

/**
 * Every request passes here after its body is parsed and before guards, pipes or handlers run:
 * path parameters, query and body (JSON, YAML text, forms alike) obey the input rules, then the
 * operation's contract. A refusal is thrown into Nest's exception layer, so it leaves as the
 * ProblemFilter's problem+json and nothing has run.
 */
export function guardInput(fastify: FastifyInstance, contract: () => ApiContract | undefined): void {
  fastify.addHook('preValidation', (request, _reply, done) => {
    try {
      assertStorableInput(request.params, 'path');
      assertStorableInput(request.query, 'query');
      assertStorableInput(request.body, 'body');
      contract()?.check(request);
      done();
    } catch (error) {
      done(error as Error);
    }
  });
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
