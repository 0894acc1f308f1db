const MAX_DELAY_MS = 3_600_000;

/** Exponential backoff with ±10 % jitter, so receivers that failed together do not retry together. */
export function retryDelayMs(attempt: number, baseMs: number, random: () => number = Math.random): number {
  const delay = Math.min(baseMs * 2 ** Math.max(0, attempt - 1), MAX_DELAY_MS);
  return Math.round(delay * (0.9 + 0.2 * random()));
}
