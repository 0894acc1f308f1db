import { type CanActivate, type ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import type { RateTierName } from '../../../config/src/config';
import type { AuthenticatedRequest } from '../http/request-context.decorator';
import { RateLimiter } from './rate-limiter';

export const RATE_TIER = 'keyledger:rate-tier';
export const RateTier = (tier: RateTierName) => SetMetadata(RATE_TIER, tier);

/** The route's rate tier, if it has one. */
export function rateTierOf(reflector: Reflector, context: ExecutionContext): RateTierName | undefined {
  return reflector.get<RateTierName | undefined>(RATE_TIER, context.getHandler());
}

/** The key a tier counts under: the authenticated agent or member, else the client IP. */
export function callerKey(request: AuthenticatedRequest): string {
  return request.actor && request.actor.type !== 'system'
    ? `${request.actor.type}:${request.actor.id}`
    : `ip:${request.ip}`;
}

/**
 * One tier per route (DESIGN.md rate tiers), keyed by the authenticated agent or member, or by
 * IP before authentication. Runs after the route's auth guard. Every answer carries
 * X-RateLimit-*; a refusal carries Retry-After. Refusals are counted, not recorded one by one.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(RateLimiter) private readonly limiter: RateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const tier = rateTierOf(this.reflector, context);
    if (!tier) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    await this.limiter.consume(tier, callerKey(request), context.switchToHttp().getResponse<FastifyReply>());
    return true;
  }
}
