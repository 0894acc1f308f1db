import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RateLimiter } from './rate-limiter';

/**
 * The `login` tier counts twice: per client IP (one attacker, many emails) and per email
 * (many IPs, one victim). Either budget running out answers 429.
 */
@Injectable()
export class LoginRateLimitGuard implements CanActivate {
  constructor(@Inject(RateLimiter) private readonly limiter: RateLimiter) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const body = request.body as { email?: unknown } | undefined;
    const email = typeof body?.email === 'string' ? body.email.trim().toLowerCase().slice(0, 254) : '';
    await this.limiter.consume('login', `ip:${request.ip}`, reply);
    if (email) await this.limiter.consume('login', `email:${email}`, reply);
    return true;
  }
}
