import { constants } from 'node:os';
import type { Logger } from 'pino';
import { settleLog } from '../../../../libs/common/src/http/logger';

// What a second signal leaves the log to be written in before the process exits anyway.
const LAST_WORDS_MS = 250;

const SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

/**
 * SIGTERM or SIGINT: stop taking requests, finish those in flight, close the pool, then exit 0.
 * Bounded (docs/adr/0017-bounded-outages.md): when `graceSeconds` pass first the process exits 1
 * with the work unfinished, and a second signal exits at once with 128 + its number, as a shell
 * reports a process killed by it. The log gets what is left of the grace period to be written.
 *
 * These signals are this function's alone: listeners registered before it are removed, so
 * nothing stops the embedded server or exits under the requests still in flight; `stop` stops
 * that server once they are done.
 */
export function stopOnSignals(logger: Logger, graceSeconds: number, stop: () => Promise<void>): void {
  for (const signal of SIGNALS) process.removeAllListeners(signal);
  let stopping = false;
  const exit = async (code: number, ms: number) => {
    await settleLog(logger, ms);
    process.exit(code);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting without finishing the requests in flight');
      void exit(128 + constants.signals[signal], LAST_WORDS_MS);
      return;
    }
    stopping = true;
    const deadline = Date.now() + graceSeconds * 1000;
    logger.info({ signal, grace_seconds: graceSeconds }, 'stopping: finishing the requests in flight');
    const overdue = setTimeout(() => {
      logger.error({ grace_seconds: graceSeconds }, 'the grace period ran out before stopping finished');
      void exit(1, LAST_WORDS_MS);
    }, graceSeconds * 1000);
    void stop().then(
      () => {
        // Done: what is left of the grace period is the log's to be written in.
        clearTimeout(overdue);
        logger.info('stopped');
        return exit(0, deadline - Date.now());
      },
      (error: unknown) => {
        clearTimeout(overdue);
        logger.error({ err: error }, 'stopping failed');
        return exit(1, deadline - Date.now());
      },
    );
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
}
