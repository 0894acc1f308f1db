import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { getStorageToken, type ThrottlerStorage } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { KeyledgerConfig } from '../../../config/src/config';
import { CONFIG } from '../tokens';
import { RateLimitCounter } from './rate-limit.counter';
import { enforce } from './rate-limit.guard';

/**
 * The `login` tier counts twice: per client IP (one attacker, many emails) and per email
 * (many IPs, one victim). Either budget running out answers 429.
 */
@Injectable()
export class LoginRateLimitGuard implements CanActivate {
  constructor(
    @Inject(getStorageToken()) private readonly storage: ThrottlerStorage,
    @Inject(CONFIG) private readonly config: KeyledgerConfig,
    @Inject(RateLimitCounter) private readonly counter: RateLimitCounter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const body = request.body as { email?: unknown } | undefined;
    const email = typeof body?.email === 'string' ? body.email.trim().toLowerCase().slice(0, 254) : '';
    await enforce(this.storage, this.config, this.counter, 'login', `ip:${request.ip}`, reply);
    if (email) await enforce(this.storage, this.config, this.counter, 'login', `email:${email}`, reply);
    return true;
  }
}
