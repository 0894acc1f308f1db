import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { getStorageToken, ThrottlerModule, type ThrottlerStorage } from '@nestjs/throttler';
import type { KeyledgerConfig } from '../../../config/src/config';
import { CONFIG } from '../tokens';
import { LoginRateLimitGuard } from './login-rate-limit.guard';
import { PreauthRateLimitGuard } from './preauth.guard';
import { RateLimitCounter } from './rate-limit.counter';
import { RateLimitGuard } from './rate-limit.guard';
import { RedisThrottlerStorage } from './redis-throttler.storage';

/** @nestjs/throttler's storage: in-process counters, or Redis so instances share one budget. */
@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [CONFIG],
      useFactory: (config: KeyledgerConfig) => ({
        throttlers: Object.entries(config.rateTiers).map(([name, t]) => ({
          name,
          limit: t.limit,
          ttl: t.ttlMs,
        })),
        storage: config.redisUrl ? new RedisThrottlerStorage(config.redisUrl) : undefined,
      }),
    }),
  ],
  providers: [
    RateLimitCounter,
    RateLimitGuard,
    LoginRateLimitGuard,
    { provide: APP_GUARD, useClass: PreauthRateLimitGuard },
  ],
  exports: [RateLimitCounter, RateLimitGuard, LoginRateLimitGuard, ThrottlerModule],
})
export class RateLimitModule implements OnApplicationShutdown {
  constructor(@Inject(getStorageToken()) private readonly storage: ThrottlerStorage) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.storage instanceof RedisThrottlerStorage) await this.storage.close();
  }
}
