import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { CommandHandlerNotFoundException } from '@nestjs/cqrs';
import { DomainError } from '../../common/src/domain-error';
import { databaseUnavailableProblem } from '../../common/src/http/database-unavailable';
import { problem, type Problem, STATUS_OF } from '../../common/src/http/problem';
import { ConcurrencyError, EventStoreUnavailableError } from '../../event-store/src/errors';

export function jsonResult(value: unknown): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(value) }] };
}

/**
 * The same problem document HTTP would answer (ProblemFilter), as an isError result: agents switch
 * on `type` and `status` whichever channel they use. Null for an error no rule produced.
 */
export function problemOf(error: unknown): Problem | null {
  if (error instanceof DomainError) {
    return problem(STATUS_OF[error.kind], error.type, error.message, error.extensions);
  }
  if (error instanceof ConcurrencyError) {
    return problem(409, 'concurrency-conflict', 'the resource changed while this request ran; retry');
  }
  if (error instanceof EventStoreUnavailableError) {
    return problem(503, 'unavailable', 'the audit log could not record this request, so nothing was done');
  }
  if (error instanceof CommandHandlerNotFoundException) {
    // A use case whose module is not wired into this build (yet): say so rather than "internal".
    return problem(503, 'unavailable', 'this Keyledger server does not offer that yet');
  }
  return databaseUnavailableProblem(error);
}

export function problemResult(body: Problem): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: JSON.stringify(body) }] };
}

export const INTERNAL_PROBLEM = problem(
  500,
  'internal',
  'an unexpected error occurred; it has been logged with the request id',
);

/**
 * The SDK validates a tool's arguments against its schema before our handler runs and answers a
 * failure as plain text ("MCP error -32602: Input validation error: …"). Agents read `type`,
 * `error` and `hint` whichever channel they use (issue 14), so the same failure leaves as the
 * problem document HTTP answers for a bad body (400 validation), or an unknown tool as 404.
 */
export function sdkToolErrorResult(message: string): CallToolResult {
  const detail = message.replace(/^MCP error -?\d+: /, '');
  if (/^Tool .* not found$/.test(detail)) {
    return problemResult(
      problem(404, 'unknown-tool', `${detail}; tools/list names the tools this server offers`),
    );
  }
  return problemResult(problem(400, 'validation', detail));
}
