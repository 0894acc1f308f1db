import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { RateTierName } from '../../config/src/config';
import { RateLimiter } from '../../common/src/rate-limit/rate-limiter';

const HEADERS = ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'];

/**
 * The HTTP tiers, counted per call: the key is RateLimitGuard's (`agent:<id>`), so an agent has
 * one budget per tier whether it calls over HTTP or MCP.
 */
@Injectable()
export class McpRateLimiter {
  constructor(@Inject(RateLimiter) private readonly limiter: RateLimiter) {}

  async consume(tier: RateTierName, key: string, reply: FastifyReply): Promise<void> {
    try {
      await this.limiter.consume(tier, key, reply);
    } finally {
      copyRateHeaders(reply);
    }
  }
}

/** The reply is hijacked for the MCP transport: headers set on it must reach the raw response. */
export function copyRateHeaders(reply: FastifyReply): void {
  if (reply.raw.headersSent) return;
  for (const name of HEADERS) {
    const value = reply.getHeader(name);
    if (value !== undefined) reply.raw.setHeader(name, value);
  }
}
