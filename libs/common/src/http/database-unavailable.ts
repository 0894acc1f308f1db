import { isDatabaseUnavailable } from '../../../database/src/unavailable';
import { problem, type Problem } from './problem';

/** What a client is told to wait before retrying a 503 (the Retry-After header; docs/adr/0017). */
export const RETRY_AFTER_SECONDS = 2;

/**
 * The problem every route answers while PostgreSQL is unreachable or stalled: 503, retryable.
 * Null for any other error. HTTP (ProblemFilter) and MCP tool results share it.
 */
export function databaseUnavailableProblem(error: unknown, instance?: string): Problem | null {
  if (!isDatabaseUnavailable(error)) return null;
  return problem(
    503,
    'unavailable',
    `the database is unavailable or did not answer in time: try again in ${RETRY_AFTER_SECONDS} seconds`,
    { retry_after: RETRY_AFTER_SECONDS, ...(instance === undefined ? {} : { instance }) },
  );
}
