import type { ThrottlerStorage } from '@nestjs/throttler';
import Redis from 'ioredis';

// A fixed window per key: the first hit starts the window; INCR and PEXPIRE run atomically.
const INCREMENT = `
  local hits = redis.call('INCR', KEYS[1])
  if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
  return { hits, ttl }`;

/** Throttler storage shared by every instance through Redis (REDIS_URL). */
export class RedisThrottlerStorage implements ThrottlerStorage {
  readonly redis: Redis;

  constructor(url: string) {
    this.redis = new Redis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false });
  }

  async increment(key: string, ttl: number, limit: number, _blockDuration: number, name: string) {
    const [hits, remainingMs] = (await this.redis.eval(INCREMENT, 1, `keyledger:rl:${name}:${key}`, ttl)) as [
      number,
      number,
    ];
    return {
      totalHits: hits,
      timeToExpire: Math.ceil(remainingMs / 1000),
      isBlocked: hits > limit,
      timeToBlockExpire: hits > limit ? Math.ceil(remainingMs / 1000) : 0,
    };
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
