/**
 * The one seam for everything shared between gateway instances: short-lived cache entries, locks and
 * pub/sub. Redis backs it in production; an in-process implementation serves a single instance.
 */
export interface Bus {
  readonly kind: 'redis' | 'memory';
  get(key: string): Promise<string | null>;
  /** Many keys in one round trip, in order (null where missing). */
  getMany(keys: readonly string[]): Promise<(string | null)[]>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Atomic "SET NX PX": true when this caller now holds the key. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Deletes the key only while it still holds `value` (safe lock release). */
  deleteIfEquals(key: string, value: string): Promise<boolean>;
  del(key: string): Promise<void>;
  /**
   * Takes or renews many leases at once: for each key, true when `holder` now holds it for `ttlMs`
   * (it was free or already held by `holder`). One round trip however many keys.
   */
  acquireLeases(keys: readonly string[], holder: string, ttlMs: number): Promise<boolean[]>;
  /** Adds members to an expiring set (each member expires `ttlMs` from now unless added again). */
  addExpiring(key: string, members: readonly string[], ttlMs: number): Promise<void>;
  removeExpiring(key: string, members: readonly string[]): Promise<void>;
  /** The members of an expiring set that have not expired. */
  liveMembers(key: string): Promise<string[]>;
  publish(channel: string, message: string): Promise<void>;
  /** Resolves once the subscription is active; the returned function unsubscribes. */
  subscribe(channel: string, handler: (message: string) => void): Promise<() => Promise<void>>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
