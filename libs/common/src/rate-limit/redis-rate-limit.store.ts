import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { MemoryRateLimitStore } from './memory-rate-limit.store';
import type { RateLimitStore, RateLimitStoreStatus, RateWindow } from './rate-limit.store';

// A fixed window per key: the first hit starts the window; INCR and PEXPIRE run atomically.
const INCREMENT = `
  local hits = redis.call('INCR', KEYS[1])
  if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
  return { hits, ttl }`;

const HEARTBEAT_MS = 1_000;

/**
 * Counters shared by every instance through Redis (REDIS_URL), and what happens without it
 * (docs/adr/0012): no request waits on Redis longer than the command timeout, none fails
 * because of it. While Redis is unreachable, down or stalled, each tier counts per instance,
 * with a warning, `/ready` saying so and a metric; a heartbeat notices when Redis answers
 * again and the shared counters take over by themselves.
 */
export class RedisRateLimitStore implements RateLimitStore {
  private readonly logger = new Logger('rate-limit');
  private readonly redis: Redis;
  private readonly local = new MemoryRateLimitStore();
  private readonly heartbeat: NodeJS.Timeout;
  /** null while Redis answers. */
  private downSince: Date | null = new Date();
  private probing: Promise<void> | null = null;
  private fallbackDecisions = 0;
  private outages = 0;
  /** A warning was logged, so the recovery is logged too. */
  private announced = false;
  private closed = false;

  constructor(url: string, timeoutMs: number) {
    this.redis = new Redis(url, {
      // Fail at once rather than queue while disconnected, and give up on a stalled server.
      enableOfflineQueue: false,
      commandTimeout: timeoutMs,
      maxRetriesPerRequest: 0,
      connectTimeout: Math.max(1_000, timeoutMs * 4),
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    });
    // A refused connection or a reset is an 'error' event: without a listener ioredis prints it.
    this.redis.on('error', (error: Error) => this.markDown(error));
    this.redis.on('close', () => this.markDown(new Error('connection closed')));
    this.redis.on('ready', () => void this.probe());
    this.heartbeat = setInterval(() => void this.probe(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** Waits (briefly) for the first answer, so a healthy Redis is shared from the first request. */
  async connect(waitMs: number): Promise<void> {
    const deadline = Date.now() + waitMs;
    while (this.downSince && Date.now() < deadline && !this.closed) {
      await this.probe();
      if (this.downSince) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (this.downSince) {
      this.announced = true;
      this.logger.warn(
        'Redis is unreachable at start: rate limits are counted per instance until it answers',
      );
    }
  }

  async hit(tier: string, key: string, windowMs: number): Promise<RateWindow> {
    if (!this.downSince) {
      try {
        const [hits, remainingMs] = (await this.redis.eval(
          INCREMENT,
          1,
          `keyledger:rl:${tier}:${key}`,
          windowMs,
        )) as [number, number];
        return { hits, resetMs: remainingMs };
      } catch (error) {
        this.markDown(error as Error);
      }
    }
    this.fallbackDecisions += 1;
    return this.local.hitNow(tier, key, windowMs);
  }

  status(): RateLimitStoreStatus {
    return {
      store: 'redis',
      counting: this.downSince ? 'per_instance' : 'shared',
      redis: this.downSince ? 'unavailable' : 'ok',
      unavailable_since: this.downSince?.toISOString() ?? null,
      fallback_decisions: this.fallbackDecisions,
      redis_outages: this.outages,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.heartbeat);
    await this.probing;
    this.redis.disconnect();
  }

  /** One PING at a time; its answer decides whether requests go to Redis. */
  private probe(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.probing ??= this.redis
      .ping()
      .then(
        () => this.markUp(),
        (error: Error) => this.markDown(error),
      )
      .finally(() => {
        this.probing = null;
      });
    return this.probing;
  }

  private markDown(error: Error): void {
    if (this.downSince || this.closed) return;
    this.downSince = new Date();
    this.outages += 1;
    this.announced = true;
    this.logger.warn({
      msg: 'Redis is unavailable: rate limits are counted per instance until it answers again',
      reason: error.message,
    });
  }

  private markUp(): void {
    if (!this.downSince || this.closed) return;
    const since = this.downSince;
    this.downSince = null;
    if (this.announced) {
      this.announced = false;
      this.logger.log({
        msg: 'Redis answers again: rate limits are shared across instances again',
        unavailable_ms: Date.now() - since.getTime(),
      });
    }
  }
}
