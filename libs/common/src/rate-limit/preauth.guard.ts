import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RateLimiter } from './rate-limiter';

/**
 * Before any authentication: the `preauth` tier per client IP on every API route. It looks at
 * the route the request was matched to, not the URL as sent: `/%61pi/tools` is routed as
 * `/api/tools` and is counted as such (issue 13, finding 4).
 */
@Injectable()
export class PreauthRateLimitGuard implements CanActivate {
  constructor(@Inject(RateLimiter) private readonly limiter: RateLimiter) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!routedPath(request).startsWith('/api/')) return true;
    await this.limiter.consume(
      'preauth',
      `ip:${request.ip}`,
      context.switchToHttp().getResponse<FastifyReply>(),
    );
    return true;
  }
}

/** The matched route's path pattern (`/api/tools/:toolId`); guards only run on matched routes. */
export function routedPath(request: FastifyRequest): string {
  return request.routeOptions.url ?? request.url;
}
