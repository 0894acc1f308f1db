import type { DomainErrorKind } from '../domain-error';
import { adviceFor } from './problem-advice';

/** RFC 9457 problem details, as every error leaves the service. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** AgentKey's short message (problem-advice.ts). */
  error: string;
  /** AgentKey's next step. */
  hint: string;
  instance?: string;
  errors?: Array<{ field: string; message: string }>;
  [extension: string]: unknown;
}

export const PROBLEM_BASE = 'https://keyledger.dev/problems/';

export const STATUS_OF: Record<DomainErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  rate_limited: 429,
  unavailable: 503,
};

export const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problem(
  status: number,
  slug: string,
  detail: string,
  extra: Record<string, unknown> = {},
): Problem {
  const title = TITLES[status] ?? 'Error';
  return {
    type: PROBLEM_BASE + slug,
    title,
    status,
    detail,
    ...adviceFor(status, slug, title, extra),
    ...extra,
  };
}
