/** One caller's count in the current window of one tier. */
export interface RateWindow {
  hits: number;
  /** Milliseconds until the window ends and the count starts again from zero. */
  resetMs: number;
}

/**
 * Where rate tiers count: a fixed window per (tier, key), so every tier of a caller counts and
 * blocks on its own (issue 13, finding 3). In-process, or Redis so instances share a budget.
 */
export interface RateLimitStore {
  hit(tier: string, key: string, windowMs: number): Promise<RateWindow>;
  /** What /ready and /metrics report; never waits on Redis. */
  status(): RateLimitStoreStatus;
}

export interface RateLimitStoreStatus {
  /** Where the counters live: `redis` when REDIS_URL is set. */
  store: 'memory' | 'redis';
  /** `shared` across instances, or `per_instance` (no Redis, or Redis unreachable). */
  counting: 'shared' | 'per_instance';
  /** With Redis: `ok`, or `unavailable` since `unavailable_since`. */
  redis: 'ok' | 'unavailable' | 'not_configured';
  unavailable_since: string | null;
  /** Requests counted per instance because Redis was unreachable, since start. */
  fallback_decisions: number;
  /** Times Redis became unreachable, since start. */
  redis_outages: number;
}

export const RATE_LIMIT_STORE = Symbol('RateLimitStore');
