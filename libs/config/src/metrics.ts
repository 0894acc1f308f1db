import { readFileSync } from 'node:fs';
import { ConfigError } from './errors';

/**
 * `/metrics` is off unless a bearer token is configured (issue 13, finding 15): it tells
 * whoever reaches the port how busy the log is and which tiers are refusing. The token comes
 * from `KEYLEDGER_METRICS_TOKEN` or from the file named by `KEYLEDGER_METRICS_TOKEN_FILE`
 * (a mounted secret); Prometheus sends it with `authorization: {credentials_file: …}`.
 */
export function loadMetricsToken(env: NodeJS.ProcessEnv): string | null {
  const inline = env.KEYLEDGER_METRICS_TOKEN;
  const file = env.KEYLEDGER_METRICS_TOKEN_FILE;
  if (inline && file) {
    throw new ConfigError('KEYLEDGER_METRICS_TOKEN', 'set it or KEYLEDGER_METRICS_TOKEN_FILE, not both');
  }
  if (file) return checked('KEYLEDGER_METRICS_TOKEN_FILE', readToken(file));
  return inline ? checked('KEYLEDGER_METRICS_TOKEN', inline) : null;
}

function readToken(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (error) {
    throw new ConfigError(
      'KEYLEDGER_METRICS_TOKEN_FILE',
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  }
}

function checked(variable: string, token: string): string {
  // Sent as a bearer token: visible characters only, and long enough not to be guessed.
  if (!/^[\x21-\x7e]{16,512}$/.test(token)) {
    throw new ConfigError(variable, 'must be 16 to 512 visible ASCII characters (no spaces)');
  }
  return token;
}
