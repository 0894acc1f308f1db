// Socket errors: the server is down, unreachable, or went away mid-conversation.
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

// SQLSTATEs of a server that is shutting down, restarting or full, or that cancelled a statement
// or a session at its bound (statement_timeout, idle_in_transaction_session_timeout). Class 08,
// connection exceptions, is matched by prefix.
const SERVER_CODES = new Set(['57P01', '57P02', '57P03', '57P05', '57014', '25P03', '53300']);

// node-pg's and pg-pool's own messages for a connection that is gone, never came, or timed out.
const CLIENT_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|Client was closed|Cannot use a pool after calling end)/;

/**
 * Whether `error` says the database could not be reached or did not answer in time, rather than
 * that a statement was wrong: callers answer 503 with Retry-After for these (docs/adr/0017).
 * Follows `cause` (and TypeORM's `driverError`) through wrappers.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || SERVER_CODES.has(code) || /^08/.test(code))) {
      return true;
    }
    if (current instanceof Error && CLIENT_MESSAGES.test(current.message)) return true;
    // A host name with several addresses fails with one error per address.
    if (current instanceof AggregateError && current.errors.some(isDatabaseUnavailable)) return true;
    const next = current as { cause?: unknown; driverError?: unknown };
    current = next.cause ?? next.driverError;
  }
  return false;
}
