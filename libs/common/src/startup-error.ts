/**
 * A condition that stops start-up (of the service, the CLI or the test setup). Its message
 * says what went wrong and what to do about it, in a line or two: a person starting Keyledger
 * for the first time reads it, so it never comes with a stack trace.
 */
export class StartupError extends Error {
  constructor(
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`${problem}\n  fix: ${fix}`);
    this.name = 'StartupError';
  }
}

interface SystemError {
  code?: unknown;
  address?: unknown;
  port?: unknown;
  hostname?: unknown;
  syscall?: unknown;
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH']);
// PostgreSQL's SQLSTATEs for a refused login or a missing database.
const LOGIN_CODES: Record<string, string> = {
  '28P01': 'the password was refused',
  '28000': 'the login was refused',
  '3D000': 'the database does not exist',
};

/** What start-up prints for any failure: the message of a known cause, never a stack. */
export function startupFailureMessage(error: unknown): string {
  if (error instanceof StartupError) return error.message;
  if (!(error instanceof Error)) return String(error);
  const { code, address, port, hostname, syscall } = error as SystemError;
  if (typeof code === 'string' && CONNECTION_CODES.has(code)) {
    const host = typeof hostname === 'string' ? hostname : typeof address === 'string' ? address : '';
    const where = host && typeof port === 'number' ? `${host}:${port}` : host;
    return (
      `cannot reach PostgreSQL${where ? ` at ${where}` : ''} (${code})\n` +
      '  fix: start PostgreSQL, or correct DATABASE_URL (unset it to use the embedded PostgreSQL)'
    );
  }
  if ((code === 'EADDRINUSE' || code === 'EACCES') && syscall === 'listen') {
    const busy = code === 'EADDRINUSE' ? 'is already in use' : 'may not be opened by this user';
    return `the HTTP port ${typeof port === 'number' ? `${port} ` : ''}${busy} (${code})\n  fix: set PORT to a free port (or HOST)`;
  }
  if (typeof code === 'string' && code in LOGIN_CODES) {
    return (
      `PostgreSQL refused the connection: ${LOGIN_CODES[code]} (${error.message})\n` +
      '  fix: correct the user, password or database name in DATABASE_URL'
    );
  }
  return error.message;
}
