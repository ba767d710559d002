import { EventEmitter } from 'node:events';
import type { Bus } from './bus.js';

interface Entry {
  value: string;
  expiresAt: number;
}

/** Single-instance Bus: the embedded default when REDIS_URL is unset. */
export class MemoryBus implements Bus {
  readonly kind = 'memory' as const;
  private readonly entries = new Map<string, Entry>();
  private readonly expiringSets = new Map<string, Map<string, number>>();
  private readonly channels = new EventEmitter().setMaxListeners(0);

  async get(key: string): Promise<string | null> {
    return this.live(key)?.value ?? null;
  }

  async getMany(keys: readonly string[]): Promise<(string | null)[]> {
    return keys.map((key) => this.live(key)?.value ?? null);
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.entries.set(key, { value, expiresAt: Date.now() + ttlMs });
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.live(key)) return false;
    this.entries.set(key, { value, expiresAt: Date.now() + ttlMs });
    return true;
  }

  async deleteIfEquals(key: string, value: string): Promise<boolean> {
    if (this.live(key)?.value !== value) return false;
    this.entries.delete(key);
    return true;
  }

  async del(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async acquireLeases(keys: readonly string[], holder: string, ttlMs: number): Promise<boolean[]> {
    return keys.map((key) => {
      const current = this.live(key);
      if (current && current.value !== holder) return false;
      this.entries.set(key, { value: holder, expiresAt: Date.now() + ttlMs });
      return true;
    });
  }

  async addExpiring(key: string, members: readonly string[], ttlMs: number): Promise<void> {
    let set = this.expiringSets.get(key);
    if (!set) this.expiringSets.set(key, (set = new Map()));
    const expiresAt = Date.now() + ttlMs;
    for (const member of members) set.set(member, expiresAt);
  }

  async removeExpiring(key: string, members: readonly string[]): Promise<void> {
    const set = this.expiringSets.get(key);
    for (const member of members) set?.delete(member);
  }

  async liveMembers(key: string): Promise<string[]> {
    const set = this.expiringSets.get(key);
    if (!set) return [];
    const now = Date.now();
    const live: string[] = [];
    for (const [member, expiresAt] of set) {
      if (expiresAt > now) live.push(member);
      else set.delete(member);
    }
    return live;
  }

  async publish(channel: string, message: string): Promise<void> {
    // Deliver asynchronously, as Redis would, so publishers never run subscriber code inline.
    queueMicrotask(() => this.channels.emit(channel, message));
  }

  async subscribe(channel: string, handler: (message: string) => void): Promise<() => Promise<void>> {
    this.channels.on(channel, handler);
    return async () => void this.channels.off(channel, handler);
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.entries.clear();
    this.expiringSets.clear();
    this.channels.removeAllListeners();
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }
}
