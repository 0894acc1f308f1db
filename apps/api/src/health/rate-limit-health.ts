import type { RateLimitStoreStatus } from '../../../../libs/common/src/rate-limit/rate-limit.store';

/** What /ready says about the rate-limit counters (docs/adr/0012). */
export interface RateLimitReadiness {
  /** `not_configured` without REDIS_URL. */
  redis: RateLimitStoreStatus['redis'];
  /** `per_instance` without Redis: each instance enforces each tier on its own. */
  rate_limits: RateLimitStoreStatus['counting'];
  redis_unavailable_since?: string;
  /** True while a configured Redis is unreachable: still serving, safely, but worth an alert. */
  degraded: boolean;
}

/**
 * An unreachable Redis keeps /ready at 200: every instance shares the one Redis, so pulling
 * them from the load balancer would turn degraded rate limiting into a full outage, and each
 * still enforces every tier with its own counters. The degraded flag is for monitoring.
 */
export function rateLimitReadiness(status: RateLimitStoreStatus): RateLimitReadiness {
  const degraded = status.redis === 'unavailable';
  return {
    redis: status.redis,
    rate_limits: status.counting,
    ...(degraded && status.unavailable_since ? { redis_unavailable_since: status.unavailable_since } : {}),
    degraded,
  };
}

/** Prometheus lines for the counters' store. */
export function rateLimitMetrics(status: RateLimitStoreStatus): string[] {
  if (status.store !== 'redis') return [];
  return [
    '# HELP keyledger_redis_up Whether Redis answers; 0 while rate limits are counted per instance.',
    '# TYPE keyledger_redis_up gauge',
    `keyledger_redis_up ${status.redis === 'ok' ? 1 : 0}`,
    '# HELP keyledger_redis_outages_total Times Redis became unreachable since start.',
    '# TYPE keyledger_redis_outages_total counter',
    `keyledger_redis_outages_total ${status.redis_outages}`,
    '# HELP keyledger_rate_limit_fallback_total Requests counted per instance because Redis was unreachable.',
    '# TYPE keyledger_rate_limit_fallback_total counter',
    `keyledger_rate_limit_fallback_total ${status.fallback_decisions}`,
  ];
}
