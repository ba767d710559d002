import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import type { Bus } from '../../src/bus/bus.js';
import { MemoryBus } from '../../src/bus/memory-bus.js';
import { RedisBus } from '../../src/bus/redis-bus.js';
import { SharedCache } from '../../src/bus/shared-cache.js';

const redisUrl = process.env['REDIS_URL'];
const implementations: [string, () => Bus][] = [['in-process', () => new MemoryBus()]];
if (redisUrl) implementations.push(['redis', () => new RedisBus(redisUrl)]);

describe.each(implementations)('%s bus', (name, open) => {
  const buses: Bus[] = [];
  const bus = () => {
    const b = open();
    buses.push(b);
    return b;
  };
  afterAll(async () => {
    for (const b of buses) await b.close();
  });
  const key = () => `test:${randomUUID()}`;

  it('stores values with a time to live', async () => {
    const b = bus();
    const k = key();
    await b.set(k, 'v', 150);
    expect(await b.get(k)).toBe('v');
    await sleep(250);
    expect(await b.get(k)).toBeNull();
  });

  it('takes a lock once, and releases it only for its holder', async () => {
    const b = bus();
    const k = key();
    expect(await b.setIfAbsent(k, 'holder-1', 5000)).toBe(true);
    expect(await b.setIfAbsent(k, 'holder-2', 5000)).toBe(false);
    expect(await b.deleteIfEquals(k, 'holder-2')).toBe(false);
    expect(await b.get(k)).toBe('holder-1');
    expect(await b.deleteIfEquals(k, 'holder-1')).toBe(true);
    expect(await b.setIfAbsent(k, 'holder-2', 5000)).toBe(true);
  });

  it('delivers published messages to subscribers until they unsubscribe', async () => {
    const b = bus();
    const channel = key();
    const received: string[] = [];
    const unsubscribe = await b.subscribe(channel, (m) => received.push(m));
    await b.publish(channel, 'one');
    await sleep(100);
    await unsubscribe();
    await b.publish(channel, 'two');
    await sleep(100);
    expect(received).toEqual(['one']);
  });

  it('subscribes while its connection is still being set up, and delivers to every channel', async () => {
    // ioredis writes SUBSCRIBE during its handshake, which then broke its own ready check
    // (redis/ioredis#2037): subscriptions made at start-up failed at random.
    for (let round = 0; round < 5; round++) {
      const b = bus();
      const channels: string[] = [];
      const subscribed: Promise<() => Promise<void>>[] = [];
      const received = new Set<string>();
      const until = Date.now() + 30;
      while (Date.now() < until) {
        const channel = key();
        channels.push(channel);
        subscribed.push(b.subscribe(channel, (m) => received.add(m)));
        await new Promise((r) => setImmediate(r));
      }
      await Promise.all(subscribed);
      for (const channel of channels) await b.publish(channel, channel);
      const deadline = Date.now() + 2000;
      while (received.size < channels.length && Date.now() < deadline) await sleep(20);
      expect(received.size).toBe(channels.length);
    }
  });

  it('shares one fetch among concurrent readers of a key (single flight)', async () => {
    const b = bus();
    // Two caches stand for two gateway instances: with Redis, each has its own connections.
    const second = name === 'redis' ? bus() : b;
    const caches = [new SharedCache(b, { pollMs: 5 }), new SharedCache(second, { pollMs: 5 })];
    const k = key();
    let fetches = 0;
    const fetch = async () => {
      fetches++;
      await sleep(50);
      return { n: 42 };
    };
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => caches[i % 2]!.getOrFetch(k, 5000, fetch)));
    expect(results.every((r) => r.n === 42)).toBe(true);
    expect(fetches).toBe(1);
  });

  it('refreshes a value from upstream, whatever is cached, and every instance then reads the new one', async () => {
    const b = bus();
    const second = name === 'redis' ? bus() : b;
    const [a, other] = [new SharedCache(b, { pollMs: 5 }), new SharedCache(second, { pollMs: 5 })];
    const k = key();
    // Both instances hear invalidations once they have read once (their in-process copies are then served).
    for (const cache of [a, other]) await cache.getOrFetch(k, 60_000, async () => ({ v: 1 }));
    await sleep(100);
    expect(await other.getOrFetch(k, 60_000, async () => ({ v: 99 }))).toEqual({ v: 1 });
    let fetches = 0;
    expect(await a.refresh(k, 60_000, async () => (fetches++, { v: 2 }))).toEqual({ v: 2 });
    expect(fetches).toBe(1);
    await sleep(100); // the other instance hears of it
    expect(await other.getOrFetch(k, 60_000, async () => ({ v: 99 }))).toEqual({ v: 2 });
    expect(await a.getOrFetch(k, 60_000, async () => ({ v: 99 }))).toEqual({ v: 2 });
    // A refresh that fails leaves the value it would have replaced.
    await expect(a.refresh(k, 60_000, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await other.getOrFetch(k, 60_000, async () => ({ v: 99 }))).toEqual({ v: 2 });
  });

  it('does not cache failures', async () => {
    const cache = new SharedCache(bus(), { pollMs: 5 });
    const k = key();
    await expect(cache.getOrFetch(k, 5000, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await cache.getOrFetch(k, 5000, async () => 'ok')).toBe('ok');
  });
});
