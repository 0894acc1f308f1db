import type { RateLimitStore, RateLimitStoreStatus, RateWindow } from './rate-limit.store';

interface Window {
  hits: number;
  endsAt: number;
}

/**
 * In-process fixed windows, keyed by tier and caller: one instance's counters, used without
 * REDIS_URL and while Redis is unreachable. Memory stays bounded: expired windows are swept
 * every few thousand new ones, and past `maxKeys` the oldest windows are dropped.
 */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly windows = new Map<string, Window>();
  private created = 0;

  constructor(private readonly maxKeys = 100_000) {}

  hit(tier: string, key: string, windowMs: number): Promise<RateWindow> {
    return Promise.resolve(this.hitNow(tier, key, windowMs));
  }

  hitNow(tier: string, key: string, windowMs: number, now = Date.now()): RateWindow {
    const id = `${tier}\u0000${key}`;
    let window = this.windows.get(id);
    if (!window || window.endsAt <= now) {
      // Deleted first, so the map's order stays the order windows started in (oldest first).
      this.windows.delete(id);
      if (++this.created % 5_000 === 0 || this.windows.size >= this.maxKeys) this.sweep(now);
      window = { hits: 0, endsAt: now + windowMs };
      this.windows.set(id, window);
    }
    window.hits += 1;
    return { hits: window.hits, resetMs: window.endsAt - now };
  }

  status(): RateLimitStoreStatus {
    return {
      store: 'memory',
      counting: 'per_instance',
      redis: 'not_configured',
      unavailable_since: null,
      fallback_decisions: 0,
      redis_outages: 0,
    };
  }

  get size(): number {
    return this.windows.size;
  }

  private sweep(now: number): void {
    for (const [id, window] of this.windows) if (window.endsAt <= now) this.windows.delete(id);
    for (const id of this.windows.keys()) {
      if (this.windows.size < this.maxKeys * 0.9) break;
      this.windows.delete(id);
    }
  }
}
