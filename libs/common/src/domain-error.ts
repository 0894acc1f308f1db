/**
 * A rule of the domain said no. Each kind maps to one HTTP status, and `type` is the stable
 * problem type agents and consoles switch on (STYLE.md principle 7).
 */
export type DomainErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'gone'
  | 'rate_limited'
  | 'unavailable';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly type: string,
    message: string,
    /** Extra members for the problem document, e.g. `tool_id` or `retry_after`. */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string, id: string) =>
  new DomainError('not_found', 'not-found', `${what} ${id} was not found`);
