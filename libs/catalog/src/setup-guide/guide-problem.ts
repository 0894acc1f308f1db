import { problem, type Problem } from '../../../common/src/http/problem';
import { EventStoreUnavailableError } from '../../../event-store/src/errors';

const TITLES: Record<number, string> = {
  422: 'Unprocessable Content',
  502: 'Bad Gateway',
  504: 'Gateway Timeout',
};

/**
 * Why a guide stopped once its stream had begun. It leaves as the `error` event's problem
 * document, not as an HTTP status (the 200 and its headers are already sent).
 */
export class GuideProblem extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'GuideProblem';
  }
}

/** The problem document of an `error` event; anything unexpected is `internal`, with no detail. */
export function guideProblem(error: unknown, instance: string): Problem {
  if (error instanceof GuideProblem) {
    return problem(error.status, error.slug, error.message, {
      ...(TITLES[error.status] ? { title: TITLES[error.status] } : {}),
      ...error.extra,
      instance,
    });
  }
  if (error instanceof EventStoreUnavailableError) {
    return problem(503, 'unavailable', 'the audit log could not record this guide', { instance });
  }
  return problem(500, 'internal', 'an unexpected error occurred; it has been logged with the request id', {
    instance,
  });
}
