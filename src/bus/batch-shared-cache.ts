import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { LocalCopies } from '../cache/local-copies.js';
import type { Bus } from './bus.js';

/**
 * The shared cache of `src/bus/shared-cache.ts` (same `cache2:` / `cache-lock:` keys, same
 * freshness, failures not cached), for an upstream that reads many keys in one call: the misses
 * of a batch are fetched together. Single-flight per key: within this process a key being fetched
 * is awaited rather than fetched again, and across instances the per-key lock makes one instance
 * fetch while the others wait for its values. So K clients asking for the same sites within the
 * freshness window cost one upstream call between them. Like SharedCache, each instance keeps a
 * copy of the fresh values it saw (LocalCopies): a warm batch costs no Redis round trip.
 */

export interface BatchSharedCacheOptions {
  /** How long a fetch may hold the cross-instance locks before others give up waiting. */
  lockTtlMs?: number;
  pollMs?: number;
  /** Fresh values this instance keeps in memory at most (0: no in-process copy). */
  localMaxEntries?: number;
}

/** What is stored under `cache2:<key>`: the value and when it stops being fresh (epoch ms). */
interface Stored {
  x: number;
  v: unknown;
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A key nobody else awaits must not surface as an unhandled rejection.
  promise.catch(() => {});
  return { promise, resolve, reject };
}

/** Thrown for a key the batch fetch did not return a value for (e.g. an id the upstream omits). */
export class MissingValueError extends Error {
  override name = 'MissingValueError';
}

export class BatchSharedCache {
  private readonly inflight = new Map<string, Promise<unknown>>();
  private readonly lockTtlMs: number;
  private readonly pollMs: number;
  private readonly local: LocalCopies;

  constructor(
    private readonly bus: Bus,
    options: BatchSharedCacheOptions = {},
  ) {
    this.lockTtlMs = options.lockTtlMs ?? 30_000;
    this.pollMs = options.pollMs ?? 25;
    this.local = new LocalCopies(bus, options.localMaxEntries ?? 20_000);
  }

  close(): Promise<void> {
    return this.local.close();
  }

  /**
   * The value of each key (an Error in its place when it could not be had), from the cache or
   * from one `fetchMany` of the missing keys, whose answer maps each key to its value (a key it
   * leaves out fails with `MissingValueError`). `onShared(n)` counts the keys not fetched by this call.
   */
  async getOrFetchMany<T>(
    keys: readonly string[],
    ttlMs: number,
    fetchMany: (keys: string[]) => Promise<Map<string, T>>,
    onShared?: (count: number) => void,
  ): Promise<(T | Error)[]> {
    const settled = new Map<string, T | Error>();
    const unique: string[] = [];
    for (const key of new Set(keys)) {
      const local = this.local.get(key);
      if (local === undefined) unique.push(key);
      else settled.set(key, local as T);
    }
    if (settled.size) onShared?.(settled.size);
    if (unique.length === 0) return keys.map((key) => settled.get(key)!);
    const promises = new Map<string, Promise<unknown>>();
    const mine = new Map<string, Deferred<T>>();
    for (const key of unique) {
      const running = this.inflight.get(key);
      if (running) promises.set(key, running);
      else {
        const d = deferred<T>();
        mine.set(key, d);
        promises.set(key, d.promise);
        this.inflight.set(key, d.promise);
      }
    }
    if (unique.length > mine.size) onShared?.(unique.length - mine.size);
    if (mine.size) {
      try {
        await this.resolveMine(mine, ttlMs, fetchMany, onShared);
      } catch (error) {
        for (const d of mine.values()) d.reject(error);
      } finally {
        for (const [key, d] of mine) if (this.inflight.get(key) === d.promise) this.inflight.delete(key);
      }
    }
    await Promise.all(
      unique.map(async (key) => {
        try {
          settled.set(key, (await promises.get(key)) as T);
        } catch (error) {
          settled.set(key, error instanceof Error ? error : new Error(String(error)));
        }
      }),
    );
    return keys.map((key) => settled.get(key)!);
  }

  async invalidate(keys: readonly string[]): Promise<void> {
    for (const key of keys) this.local.drop(key);
    await Promise.all(keys.map((key) => this.bus.del(`cache2:${key}`)));
    await Promise.all(keys.map((key) => this.local.announce(key)));
  }

  private async resolveMine<T>(
    mine: Map<string, Deferred<T>>,
    ttlMs: number,
    fetchMany: (keys: string[]) => Promise<Map<string, T>>,
    onShared?: (count: number) => void,
  ): Promise<void> {
    let pending = [...mine.keys()];
    const deadline = Date.now() + this.lockTtlMs;
    const settle = (key: string, value: T | Error) => {
      const d = mine.get(key)!;
      if (value instanceof Error) d.reject(value);
      else d.resolve(value);
    };
    for (;;) {
      pending = await this.takeCached(pending, settle, onShared);
      if (pending.length === 0) return;
      const token = randomUUID();
      // All of a batch's locks in one atomic step (a script on Redis): two instances asking for
      // the same sites at once do not split them between two calls.
      const locked = await this.bus.acquireLeases(
        pending.map((key) => `cache-lock:${key}`),
        token,
        this.lockTtlMs,
      );
      const lockedKeys = pending.filter((_, i) => locked[i]);
      const heldElsewhere = pending.filter((_, i) => !locked[i]);
      if (lockedKeys.length) {
        try {
          // Another instance may have stored them between our read and our locks.
          const toFetch = await this.takeCached(lockedKeys, settle, onShared);
          if (toFetch.length) await this.fetchAndStore(toFetch, ttlMs, fetchMany, settle);
        } finally {
          await Promise.all(lockedKeys.map((key) => this.bus.deleteIfEquals(`cache-lock:${key}`, token)));
        }
      }
      if (heldElsewhere.length === 0) return;
      // Other instances are fetching these: wait for their values, or for their locks to go (they failed).
      pending = heldElsewhere;
      while (Date.now() < deadline) {
        await sleep(this.pollMs);
        const [values, locks] = await Promise.all([
          this.bus.getMany(pending.map((key) => `cache2:${key}`)),
          this.bus.getMany(pending.map((key) => `cache-lock:${key}`)),
        ]);
        if (values.some((v) => v !== null) || locks.some((l) => l === null)) break;
      }
      if (Date.now() >= deadline) {
        await this.fetchAndStore(pending, ttlMs, fetchMany, settle);
        return;
      }
    }
  }

  /** Settles the keys the cache holds; returns the others. */
  private async takeCached<T>(keys: string[], settle: (key: string, value: T) => void, onShared?: (count: number) => void): Promise<string[]> {
    const since = this.local.since();
    const values = await this.bus.getMany(keys.map((key) => `cache2:${key}`));
    const missing: string[] = [];
    let hits = 0;
    keys.forEach((key, i) => {
      const cached = values[i];
      if (cached === null || cached === undefined) missing.push(key);
      else {
        hits++;
        const stored = JSON.parse(cached) as Stored;
        this.local.keep(key, stored.v, stored.x, since);
        settle(key, stored.v as T);
      }
    });
    if (hits) onShared?.(hits);
    return missing;
  }

  private async fetchAndStore<T>(keys: string[], ttlMs: number, fetchMany: (keys: string[]) => Promise<Map<string, T>>, settle: (key: string, value: T | Error) => void): Promise<void> {
    const since = this.local.since();
    const values = await fetchMany(keys);
    const expiresAt = Date.now() + ttlMs;
    await Promise.all(
      keys.map(async (key) => {
        if (!values.has(key)) {
          settle(key, new MissingValueError(`no value for ${key}`));
          return;
        }
        const value = values.get(key) as T;
        const stored = JSON.stringify({ x: expiresAt, v: value } satisfies Stored);
        await this.bus.set(`cache2:${key}`, stored, ttlMs);
        this.local.keep(key, (JSON.parse(stored) as Stored).v, expiresAt, since);
        settle(key, value);
      }),
    );
  }
}
