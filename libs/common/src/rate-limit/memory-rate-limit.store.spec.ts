import { MemoryRateLimitStore } from './memory-rate-limit.store';

describe('MemoryRateLimitStore', () => {
  it('counts each tier of one caller in its own window', () => {
    const store = new MemoryRateLimitStore();
    for (let i = 0; i < 11; i++) store.hitNow('request', 'agent:a', 3_600_000, 0);
    expect(store.hitNow('credential', 'agent:a', 60_000, 0)).toEqual({ hits: 1, resetMs: 60_000 });
    expect(store.hitNow('credential', 'agent:a', 60_000, 1_000)).toEqual({ hits: 2, resetMs: 59_000 });
    expect(store.hitNow('request', 'agent:a', 3_600_000, 1_000).hits).toBe(12);
  });

  it('starts a new window once the old one has ended', () => {
    const store = new MemoryRateLimitStore();
    store.hitNow('read', 'ip:1', 1_000, 0);
    store.hitNow('read', 'ip:1', 1_000, 999);
    expect(store.hitNow('read', 'ip:1', 1_000, 1_000)).toEqual({ hits: 1, resetMs: 1_000 });
  });

  it('stays within its key budget, dropping expired windows first, then the oldest', () => {
    const store = new MemoryRateLimitStore(100);
    for (let i = 0; i < 50; i++) store.hitNow('preauth', `ip:old-${i}`, 10, 0);
    for (let i = 0; i < 500; i++) store.hitNow('preauth', `ip:${i}`, 60_000, 100);
    expect(store.size).toBeLessThanOrEqual(100);
    // The newest callers keep their counts.
    expect(store.hitNow('preauth', 'ip:499', 60_000, 100).hits).toBe(2);
  });
});
