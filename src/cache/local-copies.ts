import { randomUUID } from 'node:crypto';
import type { Bus } from '../bus/bus.js';
import { TtlCache } from './ttl-cache.js';

/**
 * Bus channel: `<instance id> <key>` of each shared-cache key just invalidated (a fresh read after
 * a settings change, a dispatch, a telemetry poll): every other instance drops its copy at once.
 */
export const CACHE_INVALIDATED_CHANNEL = 'cache-invalidated';

/** Invalidations remembered per key before that memory is reset (see `keep`). */
const MAX_REMEMBERED_INVALIDATIONS = 50_000;

/**
 * This instance's copies of fresh shared-cache values (the L1 in front of Redis), each kept until
 * the shared entry stops being fresh. Copies are served only while this instance hears the others'
 * invalidations; a read that was under way when an invalidation arrived never puts its (possibly
 * older) value back: take `since()` before reading the bus, pass it to `keep`.
 */
export class LocalCopies {
  private readonly copies: TtlCache<unknown>;
  private readonly instanceId = randomUUID();
  private generation = 0;
  private readonly invalidatedAt = new Map<string, number>();
  /** Keys not in `invalidatedAt` count as invalidated at this generation (after a reset). */
  private forgottenBefore = 0;
  private listening: 'no' | 'starting' | 'yes';
  private stopListening: (() => Promise<void>) | undefined;

  constructor(
    private readonly bus: Bus,
    /** Copies kept at most (0: none; every read asks the bus). */
    maxEntries = 20_000,
  ) {
    this.copies = new TtlCache<unknown>(Number.POSITIVE_INFINITY, Math.max(1, maxEntries));
    this.listening = maxEntries > 0 ? 'no' : 'starting';
  }

  /** The fresh copy of `key`, or undefined. */
  get(key: string): unknown {
    if (this.listening === 'yes') return this.copies.get(key);
    if (this.listening === 'no') this.listen();
    return undefined;
  }

  /** Take before reading the bus; -1 while invalidations are not heard yet (nothing read then is kept). */
  since(): number {
    return this.listening === 'yes' ? this.generation : -1;
  }

  /** Keeps `value` (plain JSON, as read from the bus) until `expiresAt`, unless `key` was invalidated since `since`. */
  keep(key: string, value: unknown, expiresAt: number, since: number): void {
    if (since < 0 || this.listening !== 'yes' || value === undefined) return;
    if ((this.invalidatedAt.get(key) ?? this.forgottenBefore) > since) return;
    this.copies.set(key, value, expiresAt);
  }

  /** Drops the copy here (the caller then deletes the shared entry and `announce`s it). */
  drop(key: string): void {
    this.copies.delete(key);
    this.generation++;
    if (this.invalidatedAt.size >= MAX_REMEMBERED_INVALIDATIONS) {
      this.invalidatedAt.clear();
      this.forgottenBefore = this.generation;
    }
    this.invalidatedAt.set(key, this.generation);
  }

  /** Tells the other instances to drop their copies of `key`. */
  announce(key: string): Promise<void> {
    return this.bus.publish(CACHE_INVALIDATED_CHANNEL, `${this.instanceId} ${key}`);
  }

  async close(): Promise<void> {
    this.listening = 'no';
    this.copies.clear();
    await this.stopListening?.().catch(() => undefined);
  }

  private listen(): void {
    this.listening = 'starting';
    this.bus
      .subscribe(CACHE_INVALIDATED_CHANNEL, (message) => {
        const space = message.indexOf(' ');
        if (space > 0 && message.slice(0, space) !== this.instanceId) this.drop(message.slice(space + 1));
      })
      .then(
        (unsubscribe) => {
          this.stopListening = unsubscribe;
          this.listening = 'yes';
        },
        // Not hearing the other instances: no copies, every read asks the bus, as before.
        () => undefined,
      );
  }
}
