import type { Bus } from './bus.js';
import { MemoryBus } from './memory-bus.js';
import { RedisBus } from './redis-bus.js';

export function openBus(redisUrl: string | undefined): Bus {
  return redisUrl ? new RedisBus(redisUrl) : new MemoryBus();
}
