import { type BeforeApplicationShutdown, Global, Inject, Module, type OnModuleInit } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { KeyledgerConfig } from '../../../config/src/config';
import { CONFIG } from '../tokens';
import { LoginRateLimitGuard } from './login-rate-limit.guard';
import { MemoryRateLimitStore } from './memory-rate-limit.store';
import { PreauthRateLimitGuard } from './preauth.guard';
import { RateLimitCounter } from './rate-limit.counter';
import { RateLimitGuard } from './rate-limit.guard';
import { RATE_LIMIT_STORE, type RateLimitStore } from './rate-limit.store';
import { RateLimiter } from './rate-limiter';
import { RedisRateLimitStore } from './redis-rate-limit.store';

/** Rate tiers: in-process counters, or Redis so instances share one budget (docs/adr/0012). */
@Global()
@Module({
  providers: [
    {
      provide: RATE_LIMIT_STORE,
      inject: [CONFIG],
      useFactory: (config: KeyledgerConfig): RateLimitStore =>
        config.redisUrl
          ? new RedisRateLimitStore(config.redisUrl, config.redisTimeoutMs)
          : new MemoryRateLimitStore(),
    },
    RateLimitCounter,
    RateLimiter,
    RateLimitGuard,
    LoginRateLimitGuard,
    { provide: APP_GUARD, useClass: PreauthRateLimitGuard },
  ],
  exports: [RATE_LIMIT_STORE, RateLimitCounter, RateLimiter, RateLimitGuard, LoginRateLimitGuard],
})
export class RateLimitModule implements OnModuleInit, BeforeApplicationShutdown {
  constructor(
    @Inject(RATE_LIMIT_STORE) private readonly store: RateLimitStore,
    @Inject(CONFIG) private readonly config: KeyledgerConfig,
  ) {}

  /** A reachable Redis is shared from the first request; an unreachable one does not delay start. */
  async onModuleInit(): Promise<void> {
    if (this.store instanceof RedisRateLimitStore) await this.store.connect(this.config.redisTimeoutMs * 4);
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.store instanceof RedisRateLimitStore) await this.store.close();
  }
}
