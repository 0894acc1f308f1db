import { type CanActivate, type ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { getStorageToken, type ThrottlerStorage } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import type { KeyledgerConfig, RateTierName } from '../../../config/src/config';
import { DomainError } from '../domain-error';
import type { AuthenticatedRequest } from '../http/request-context.decorator';
import { CONFIG } from '../tokens';
import { RateLimitCounter } from './rate-limit.counter';

export const RATE_TIER = 'keyledger:rate-tier';
export const RateTier = (tier: RateTierName) => SetMetadata(RATE_TIER, tier);

/**
 * One tier per route (DESIGN.md rate tiers), keyed by the authenticated agent or member, or by
 * IP before authentication. Runs after the route's auth guard. Every answer carries
 * X-RateLimit-*; a refusal carries Retry-After. Refusals are counted, not recorded one by one.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(getStorageToken()) private readonly storage: ThrottlerStorage,
    @Inject(CONFIG) private readonly config: KeyledgerConfig,
    @Inject(RateLimitCounter) private readonly counter: RateLimitCounter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const tier = this.reflector.get<RateTierName | undefined>(RATE_TIER, context.getHandler());
    if (!tier) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const who =
      request.actor && request.actor.type !== 'system'
        ? `${request.actor.type}:${request.actor.id}`
        : `ip:${request.ip}`;
    await enforce(this.storage, this.config, this.counter, tier, who, reply);
    return true;
  }
}

export async function enforce(
  storage: ThrottlerStorage,
  config: KeyledgerConfig,
  counter: RateLimitCounter,
  tier: RateTierName,
  key: string,
  reply: FastifyReply,
): Promise<void> {
  const { limit, ttlMs } = config.rateTiers[tier];
  const record = await storage.increment(key, ttlMs, limit, ttlMs, tier);
  void reply.header('x-ratelimit-limit', String(limit));
  void reply.header('x-ratelimit-remaining', String(Math.max(0, limit - record.totalHits)));
  void reply.header('x-ratelimit-reset', String(record.timeToExpire));
  if (record.totalHits > limit) {
    counter.refused(tier, key);
    throw new DomainError(
      'rate_limited',
      'rate-limited',
      `rate limit for "${tier}" exceeded: ${limit} per ${ttlMs / 1000} s`,
      {
        retry_after: record.timeToExpire,
        tier,
      },
    );
  }
}
