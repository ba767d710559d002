import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { LocalCopies } from '../cache/local-copies.js';
import { abortReason, raceSignal } from '../upstream/request-deadline.js';
import type { Bus } from './bus.js';

export interface SharedCacheOptions {
  /** How long a fetch may hold the cross-instance lock before others give up waiting. */
  lockTtlMs?: number;
  pollMs?: number;
  /** Fresh values this instance keeps in memory at most (0: no in-process copy). */
  localMaxEntries?: number;
}

export { CACHE_INVALIDATED_CHANNEL } from '../cache/local-copies.js';

/** What is stored under `cache2:<key>`: the value and when it stops being fresh (epoch ms), so an in-process copy expires with it. */
interface Stored {
  x: number;
  v: unknown;
}

/**
 * A read-through cache shared by every request and every instance, with single-flight fetching:
 * while one caller fetches a key, others (in this process or, through the bus lock, in another
 * instance) wait for its result instead of calling upstream too. DataLoader dedupes within one
 * request; this dedupes across requests, which is what keeps Tesla calls at one per device per
 * freshness window however many clients ask. Failures are not cached.
 */
/**
 * One fetch in flight and who waits for it. A caller with a signal (a GraphQL request with its
 * deadline) may give up waiting; the fetch is stopped only when every caller has given up, so a
 * read shared with others is never cut short for them. A caller without a signal (background work)
 * never gives up.
 */
interface Inflight {
  key: string;
  promise: Promise<unknown>;
  controller: AbortController;
  /** Callers still waiting that may give up. */
  waiting: number;
  /** A caller without a signal waits: the fetch is never abandoned. */
  pinned: boolean;
}

export interface GetOrFetchOptions {
  /** This caller stops waiting when it aborts (with its reason); the fetch goes on while others wait. */
  signal?: AbortSignal | undefined;
}

/**
 * In front of the bus sits an in-process copy (L1) of each value this instance read or fetched, kept
 * exactly as long as the shared entry is fresh: a warm read costs neither a Redis round trip nor a
 * JSON parse. `invalidate` drops it here at once and, through CACHE_INVALIDATED_CHANNEL, on every
 * other instance; a read that was already under way when an invalidation arrived never puts its
 * (possibly older) value back.
 */
export class SharedCache {
  private readonly inflight = new Map<string, Inflight>();
  private readonly lockTtlMs: number;
  private readonly pollMs: number;
  private readonly local: LocalCopies;

  constructor(
    private readonly bus: Bus,
    options: SharedCacheOptions = {},
  ) {
    this.lockTtlMs = options.lockTtlMs ?? 30_000;
    this.pollMs = options.pollMs ?? 25;
    this.local = new LocalCopies(bus, options.localMaxEntries ?? 20_000);
  }

  /** Stops listening for invalidations and drops the in-process copies (the bus closing does it too). */
  close(): Promise<void> {
    return this.local.close();
  }

  /**
   * `onShared` is told when the value came from the cache or another caller's fetch. `fetch` gets
   * a signal that aborts once every caller waiting for it has given up (see `options.signal`).
   */
  getOrFetch<T>(key: string, ttlMs: number, fetch: (signal: AbortSignal) => Promise<T>, onShared?: () => void, options: GetOrFetchOptions = {}): Promise<T> {
    const local = this.local.get(key);
    if (local !== undefined) {
      onShared?.();
      return Promise.resolve(local as T);
    }
    const running = this.inflight.get(key);
    if (running) {
      onShared?.();
      return this.wait(running, options.signal) as Promise<T>;
    }
    const controller = new AbortController();
    const entry: Inflight = { key, promise: undefined as unknown as Promise<unknown>, controller, waiting: 0, pinned: false };
    entry.promise = this.resolve(key, ttlMs, () => fetch(controller.signal), controller.signal, onShared).finally(() => {
      if (this.inflight.get(key) === entry) this.inflight.delete(key);
    });
    this.inflight.set(key, entry);
    return this.wait(entry, options.signal) as Promise<T>;
  }

  /** One caller's wait for a fetch in flight; the last caller to give up stops the fetch. */
  private wait(entry: Inflight, signal: AbortSignal | undefined): Promise<unknown> {
    if (!signal) {
      entry.pinned = true;
      return entry.promise;
    }
    entry.waiting++;
    let counted = true;
    const leave = () => {
      if (!counted) return;
      counted = false;
      entry.waiting--;
    };
    const giveUp = () => {
      leave();
      if (entry.waiting > 0 || entry.pinned) return;
      // Nobody waits any more: stop the fetch, and let the next caller start a fresh one.
      if (this.inflight.get(entry.key) === entry) this.inflight.delete(entry.key);
      entry.controller.abort(abortReason(signal));
    };
    if (signal.aborted) giveUp();
    else signal.addEventListener('abort', giveUp, { once: true });
    return raceSignal(entry.promise, signal).finally(() => {
      signal.removeEventListener('abort', giveUp);
      leave();
    });
  }

  /**
   * A value fetched now, whatever is cached, then shared: stored for `ttlMs`, and every other
   * instance told to drop its copy. No lock and no look at the shared entry first — a fresh read
   * (after a write, a verification, a telemetry poll) wants its own answer from upstream — so it
   * costs two round trips to the bus, not the six of invalidate-then-getOrFetch. Until it lands,
   * readers get the value from before; if the fetch fails, that value stays.
   */
  async refresh<T>(key: string, ttlMs: number, fetch: () => Promise<T>): Promise<T> {
    this.local.drop(key);
    const fetchedSince = this.local.since();
    const value = await fetch();
    const expiresAt = Date.now() + ttlMs;
    const stored = JSON.stringify({ x: expiresAt, v: value } satisfies Stored);
    await this.bus.set(`cache2:${key}`, stored, ttlMs);
    await this.local.announce(key);
    this.local.keep(key, (JSON.parse(stored) as Stored).v, expiresAt, fetchedSince);
    return value;
  }

  /**
   * Drops the value here and in the bus, then tells the other instances to drop their copies (in
   * that order: an instance that hears of it can no longer read the old value from the bus).
   */
  async invalidate(key: string): Promise<void> {
    this.local.drop(key);
    await this.bus.del(`cache2:${key}`);
    await this.local.announce(key);
  }

  private async resolve<T>(key: string, ttlMs: number, fetch: () => Promise<T>, abandoned: AbortSignal, onShared?: () => void): Promise<T> {
    // `cache2:` holds { x: fresh until, v: value } (`cache:` held the bare value, before the in-process copy).
    const valueKey = `cache2:${key}`;
    const lockKey = `cache-lock:${key}`;
    const deadline = Date.now() + this.lockTtlMs;
    for (;;) {
      if (abandoned.aborted) throw abortReason(abandoned);
      const readSince = this.local.since();
      const cached = await this.bus.get(valueKey);
      if (cached !== null) {
        onShared?.();
        const stored = JSON.parse(cached) as Stored;
        this.local.keep(key, stored.v, stored.x, readSince);
        return stored.v as T;
      }
      const token = randomUUID();
      if (await this.bus.setIfAbsent(lockKey, token, this.lockTtlMs)) {
        try {
          const fetchedSince = this.local.since();
          const value = await fetch();
          const expiresAt = Date.now() + ttlMs;
          const stored = JSON.stringify({ x: expiresAt, v: value } satisfies Stored);
          await this.bus.set(valueKey, stored, ttlMs);
          // The copy is what other readers get from the bus (plain JSON), not the fetcher's own object.
          this.local.keep(key, (JSON.parse(stored) as Stored).v, expiresAt, fetchedSince);
          return value;
        } finally {
          await this.bus.deleteIfEquals(lockKey, token);
        }
      }
      // Another instance is fetching: wait for its value, or for its lock to go (it failed).
      while (Date.now() < deadline) {
        if (abandoned.aborted) throw abortReason(abandoned);
        await sleep(this.pollMs);
        if ((await this.bus.get(valueKey)) !== null || (await this.bus.get(lockKey)) === null) break;
      }
      if (Date.now() >= deadline) return fetch();
    }
  }
}
