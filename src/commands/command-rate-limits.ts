import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

export interface CommandRateLimitOptions {
  /** Tesla: 30 device commands per minute per device (tesla-fleet-api.md §4.1). */
  perDevice: number;
  /** The per-device window, seconds (60 for Tesla's per-minute limit). */
  perDeviceWindowS: number;
  /** Across the organization's whole fleet, per second: what this integrator lets itself send. */
  globalPerSecond: number;
  /** Shared across instances when set; in-process otherwise (one instance). */
  redisUrl: string | undefined;
  /** The Tesla app whose budget this is (`teslaAppKey`): another app on the same Redis has its own. */
  appKey: string;
}

/**
 * The gateway's own send budget (rate-limiter-flexible), so a 10 000-site dispatch paces itself
 * instead of collecting Tesla's 429s: a command over budget waits in the queue, it does not fail.
 * The global budget is the Tesla app's, in every instance of the deployment.
 */
export class CommandRateLimits {
  private readonly perDevice: RateLimiterAbstract;
  private readonly global: RateLimiterAbstract;
  private readonly redis: Redis | undefined;
  private readonly appKey: string;

  constructor(options: CommandRateLimitOptions) {
    this.appKey = options.appKey;
    if (options.redisUrl) {
      this.redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 3, enableOfflineQueue: true });
      this.perDevice = new RateLimiterRedis({ storeClient: this.redis, keyPrefix: 'rl:device-commands', points: options.perDevice, duration: options.perDeviceWindowS });
      this.global = new RateLimiterRedis({ storeClient: this.redis, keyPrefix: 'rl:global-commands', points: options.globalPerSecond, duration: 1 });
    } else {
      this.perDevice = new RateLimiterMemory({ keyPrefix: 'rl:device-commands', points: options.perDevice, duration: options.perDeviceWindowS });
      this.global = new RateLimiterMemory({ keyPrefix: 'rl:global-commands', points: options.globalPerSecond, duration: 1 });
    }
  }

  /**
   * Takes `calls` from the device's and the global budget; returns 0 when granted, else the
   * milliseconds to wait before asking again (and nothing is taken from the device budget then).
   */
  async reserve(deviceKey: string, calls: number): Promise<number> {
    try {
      await this.global.consume(this.appKey, calls);
    } catch (error) {
      if (error instanceof RateLimiterRes) return Math.max(50, error.msBeforeNext);
      throw error;
    }
    try {
      await this.perDevice.consume(deviceKey, calls);
      return 0;
    } catch (error) {
      if (error instanceof RateLimiterRes) return Math.max(50, error.msBeforeNext);
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.redis?.quit().catch(() => undefined);
  }
}
