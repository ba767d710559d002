import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Bus } from './bus.js';

export interface SharedCacheOptions {
  /** How long a fetch may hold the cross-instance lock before others give up waiting. */
  lockTtlMs?: number;
  pollMs?: number;
}

/**
 * A read-through cache shared by every request and every instance, with single-flight fetching:
 * while one caller fetches a key, others (in this process or, through the bus lock, in another
 * instance) wait for its result instead of calling upstream too. DataLoader dedupes within one
 * request; this dedupes across requests, which is what keeps Tesla calls at one per device per
 * freshness window however many clients ask. Failures are not cached.
 */
export class SharedCache {
  private readonly inflight = new Map<string, Promise<unknown>>();
  private readonly lockTtlMs: number;
  private readonly pollMs: number;

  constructor(
    private readonly bus: Bus,
    options: SharedCacheOptions = {},
  ) {
    this.lockTtlMs = options.lockTtlMs ?? 30_000;
    this.pollMs = options.pollMs ?? 25;
  }

  /** `onShared` is told when the value came from the cache or another caller's fetch. */
  getOrFetch<T>(key: string, ttlMs: number, fetch: () => Promise<T>, onShared?: () => void): Promise<T> {
    const running = this.inflight.get(key);
    if (running) {
      onShared?.();
      return running as Promise<T>;
    }
    const promise = this.resolve(key, ttlMs, fetch, onShared).finally(() => this.inflight.delete(key));
    this.inflight.set(key, promise);
    return promise;
  }

  async invalidate(key: string): Promise<void> {
    await this.bus.del(`cache:${key}`);
  }

  private async resolve<T>(key: string, ttlMs: number, fetch: () => Promise<T>, onShared?: () => void): Promise<T> {
    const valueKey = `cache:${key}`;
    const lockKey = `cache-lock:${key}`;
    const deadline = Date.now() + this.lockTtlMs;
    for (;;) {
      const cached = await this.bus.get(valueKey);
      if (cached !== null) {
        onShared?.();
        return JSON.parse(cached) as T;
      }
      const token = randomUUID();
      if (await this.bus.setIfAbsent(lockKey, token, this.lockTtlMs)) {
        try {
          const value = await fetch();
          await this.bus.set(valueKey, JSON.stringify(value), ttlMs);
          return value;
        } finally {
          await this.bus.deleteIfEquals(lockKey, token);
        }
      }
      // Another instance is fetching: wait for its value, or for its lock to go (it failed).
      while (Date.now() < deadline) {
        await sleep(this.pollMs);
        if ((await this.bus.get(valueKey)) !== null || (await this.bus.get(lockKey)) === null) break;
      }
      if (Date.now() >= deadline) return fetch();
    }
  }
}
