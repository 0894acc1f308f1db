import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { getStorageToken, type ThrottlerStorage } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { KeyledgerConfig } from '../../../config/src/config';
import { CONFIG } from '../tokens';
import { enforce } from './rate-limit.guard';
import { RateLimitCounter } from './rate-limit.counter';

/** Before any authentication: the `preauth` tier per client IP on every API route. */
@Injectable()
export class PreauthRateLimitGuard implements CanActivate {
  constructor(
    @Inject(getStorageToken()) private readonly storage: ThrottlerStorage,
    @Inject(CONFIG) private readonly config: KeyledgerConfig,
    @Inject(RateLimitCounter) private readonly counter: RateLimitCounter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!request.url.startsWith('/api/')) return true;
    await enforce(
      this.storage,
      this.config,
      this.counter,
      'preauth',
      `ip:${request.ip}`,
      context.switchToHttp().getResponse<FastifyReply>(),
    );
    return true;
  }
}
