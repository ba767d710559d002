import { Redis } from 'ioredis';
import type { Bus } from './bus.js';

const ACQUIRE_LEASES = `local held = {}
for i, key in ipairs(KEYS) do
  local current = redis.call("get", key)
  if current == false or current == ARGV[1] then
    redis.call("set", key, ARGV[1], "PX", ARGV[2])
    held[i] = 1
  else
    held[i] = 0
  end
end
return held`;
const DELETE_IF_EQUALS = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

/** Bus over Redis. A subscribed connection cannot issue commands, hence the second client. */
export class RedisBus implements Bus {
  readonly kind = 'redis' as const;
  private readonly commands: Redis;
  private readonly subscriber: Redis;
  private readonly handlers = new Map<string, Set<(message: string) => void>>();

  constructor(url: string) {
    const options = { maxRetriesPerRequest: 3, enableOfflineQueue: true, lazyConnect: false };
    this.commands = new Redis(url, options);
    // ioredis 5.8+ writes a SUBSCRIBE made during its handshake straight away, and its ready check
    // (INFO) then fails in subscriber mode (redis/ioredis#2037, fixed in 6). The subscriber needs
    // neither the ready check nor the client-info handshake; queued subscriptions replay on ready.
    this.subscriber = new Redis(url, { ...options, enableReadyCheck: false, disableClientInfo: true });
    this.subscriber.on('message', (channel: string, message: string) => {
      for (const handler of this.handlers.get(channel) ?? []) handler(message);
    });
  }

  async get(key: string): Promise<string | null> {
    return this.commands.get(key);
  }

  async getMany(keys: readonly string[]): Promise<(string | null)[]> {
    const values: (string | null)[] = [];
    for (let i = 0; i < keys.length; i += 1000) values.push(...(await this.commands.mget(...keys.slice(i, i + 1000))));
    return values;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.commands.set(key, value, 'PX', Math.max(1, Math.round(ttlMs)));
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    return (await this.commands.set(key, value, 'PX', Math.max(1, Math.round(ttlMs)), 'NX')) === 'OK';
  }

  async deleteIfEquals(key: string, value: string): Promise<boolean> {
    return (await this.commands.eval(DELETE_IF_EQUALS, 1, key, value)) === 1;
  }

  async del(key: string): Promise<void> {
    await this.commands.del(key);
  }

  async acquireLeases(keys: readonly string[], holder: string, ttlMs: number): Promise<boolean[]> {
    if (keys.length === 0) return [];
    const held: number[] = [];
    // Chunks keep one script call from blocking Redis for long on very large fleets.
    for (let i = 0; i < keys.length; i += 1000) {
      const chunk = keys.slice(i, i + 1000);
      held.push(...((await this.commands.eval(ACQUIRE_LEASES, chunk.length, ...chunk, holder, Math.max(1, Math.round(ttlMs)))) as number[]));
    }
    return held.map((h) => h === 1);
  }

  // Expiring sets are sorted sets scored by expiry time (instances' clocks are assumed NTP-close).
  async addExpiring(key: string, members: readonly string[], ttlMs: number): Promise<void> {
    if (members.length === 0) return;
    const expiresAt = Date.now() + ttlMs;
    await this.commands.zadd(key, ...members.flatMap((m) => [expiresAt, m]));
  }

  async removeExpiring(key: string, members: readonly string[]): Promise<void> {
    if (members.length) await this.commands.zrem(key, ...members);
  }

  async liveMembers(key: string): Promise<string[]> {
    const now = Date.now();
    await this.commands.zremrangebyscore(key, '-inf', now);
    return this.commands.zrangebyscore(key, now, '+inf');
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.commands.publish(channel, message);
  }

  async subscribe(channel: string, handler: (message: string) => void): Promise<() => Promise<void>> {
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
      await this.subscriber.subscribe(channel);
    }
    set.add(handler);
    return async () => {
      const current = this.handlers.get(channel);
      if (!current) return;
      current.delete(handler);
      if (current.size === 0) {
        this.handlers.delete(channel);
        await this.subscriber.unsubscribe(channel);
      }
    };
  }

  async ping(): Promise<void> {
    await this.commands.ping();
  }

  async close(): Promise<void> {
    this.handlers.clear();
    await Promise.allSettled([this.commands.quit(), this.subscriber.quit()]);
  }
}
