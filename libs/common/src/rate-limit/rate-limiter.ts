import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { KeyledgerConfig, RateTierName } from '../../../config/src/config';
import { DomainError } from '../domain-error';
import { CONFIG } from '../tokens';
import { RateLimitCounter } from './rate-limit.counter';
import { RATE_LIMIT_STORE, type RateLimitStore } from './rate-limit.store';

/**
 * Counts one request against one tier for one caller (`agent:<id>`, `member:<id>`, `ip:<ip>`),
 * sets X-RateLimit-* on the reply, and past the limit answers 429 with Retry-After. Refusals
 * are counted (metrics), not recorded one by one.
 */
@Injectable()
export class RateLimiter {
  constructor(
    @Inject(RATE_LIMIT_STORE) private readonly store: RateLimitStore,
    @Inject(CONFIG) private readonly config: KeyledgerConfig,
    @Inject(RateLimitCounter) private readonly counter: RateLimitCounter,
  ) {}

  async consume(tier: RateTierName, key: string, reply: FastifyReply): Promise<void> {
    const { limit, ttlMs } = this.config.rateTiers[tier];
    const { hits, resetMs } = await this.store.hit(tier, key, ttlMs);
    const resetSeconds = Math.max(1, Math.ceil(resetMs / 1000));
    void reply.header('x-ratelimit-limit', String(limit));
    void reply.header('x-ratelimit-remaining', String(Math.max(0, limit - hits)));
    void reply.header('x-ratelimit-reset', String(resetSeconds));
    if (hits > limit) {
      this.counter.refused(tier, key);
      throw new DomainError(
        'rate_limited',
        'rate-limited',
        `rate limit for "${tier}" exceeded: ${limit} per ${ttlMs / 1000} s`,
        { retry_after: resetSeconds, tier },
      );
    }
  }
}
