/**
 * A small in-process map whose entries expire `ttlMs` after they were put, holding at most
 * `maxEntries` (the oldest put goes first). What the request path keeps per instance (API keys,
 * site and connection rows, fresh upstream reads) so a warm request costs no database query and no
 * Redis round trip; every user says what drops an entry before it expires.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();

  constructor(
    readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  /** False when the TTL is 0: nothing is kept. */
  get enabled(): boolean {
    return this.ttlMs > 0;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The value, or undefined when absent or expired. */
  get(key: string, now = Date.now()): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** `expiresAt` (epoch ms) shortens the entry's life below the TTL, never lengthens it. */
  set(key: string, value: V, expiresAt?: number, now = Date.now()): void {
    if (!this.enabled) return;
    const until = Math.min(now + this.ttlMs, expiresAt ?? Infinity);
    if (until <= now) return;
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.evict(now);
    this.entries.set(key, { value, expiresAt: until });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Drops every entry whose value matches (e.g. the site rows of one connection). */
  deleteWhere(matches: (value: V, key: string) => boolean): void {
    for (const [key, entry] of this.entries) if (matches(entry.value, key)) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  /** Expired entries first; if none, the oldest tenth (a Map iterates in insertion order). */
  private evict(now: number): void {
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
    if (this.entries.size < this.maxEntries) return;
    let drop = Math.max(1, Math.floor(this.maxEntries / 10));
    for (const key of this.entries.keys()) {
      this.entries.delete(key);
      if (--drop === 0) break;
    }
  }
}
