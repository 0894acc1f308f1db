import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';

/**
 * Paths that may hold secrets. Bodies are never logged, but redaction is the second lock:
 * headers carrying keys or tokens, and any field named like a secret.
 */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.credential',
  '*.api_key',
  '*.secret',
  '*.access_token',
];

type Destination = ReturnType<typeof pino.destination>;

// Each logger's stdout, so that shutdown can wait for what it still holds (settleLog).
const destinations = new WeakMap<Logger, Destination>();

export function createLogger(level: string): Logger {
  // Asynchronous writes to stdout, as pino's default: a slow reader never stalls a request.
  const destination = pino.destination({ dest: 1, sync: false });
  const logger = pino(
    {
      level,
      base: { service: 'keyledger' },
      redact: { paths: REDACT, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
  destinations.set(logger, destination);
  return logger;
}

/**
 * Waits, at most `ms`, until the lines the logger still holds are written, and lets go of them
 * if they cannot be. Call it before `process.exit`: on exit pino writes what is left
 * synchronously and retries for as long as stdout would block, so with nobody reading stdout
 * (a full pipe, a stuck log shipper) the process never ended and, its thread asleep in that
 * loop, no second signal could reach it (docs/adr/0017-bounded-outages.md). Answers whether
 * everything was written.
 */
export async function settleLog(logger: Logger, ms: number): Promise<boolean> {
  const destination = destinations.get(logger);
  if (!destination) return true;
  const written = await new Promise<boolean>((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      destination.off('drain', drained);
      resolve(ok);
    };
    const drained = () => done(true);
    const timer = setTimeout(() => done(false), Math.max(0, ms));
    destination.once('drain', drained);
    // An empty write: the destination reports 'drain' once everything before it is out.
    destination.write('');
  });
  if (!written) {
    destinations.delete(logger);
    destination.destroy();
  }
  return written;
}

/** Nest's logger, writing through the same pino instance as the HTTP logs. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  private write(
    level: 'info' | 'error' | 'warn' | 'debug' | 'trace',
    message: unknown,
    rest: unknown[],
  ): void {
    const context = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    if (typeof message === 'object' && message !== null) {
      this.logger[level]({ context, ...message });
    } else {
      this.logger[level]({ context }, String(message));
    }
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
}
