import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/**
 * Who is backfilling: `dashboard` is `Site.history` (any API key), `settlement` is program M&V
 * (baselines a utility pays on). Each has its own share, so dashboards cannot starve settlement.
 */
export type BackfillPurpose = 'dashboard' | 'settlement';

export interface HistoryBackfillBudgetOptions {
  /** calendar_history calls per site per minute `Site.history` may spend. */
  dashboardPerMinute: number;
  /** calendar_history calls per site per minute reserved for program baselines. */
  settlementPerMinute: number;
  /** Shared across instances when set; in-process otherwise (one instance). */
  redisUrl: string | undefined;
}

/**
 * The per-site budget of calendar_history reads (rate-limiter-flexible, fixed one-minute windows,
 * in Redis when `REDIS_URL` is set so every instance draws on the same budget). Tesla allows 60
 * data calls per device per minute; the two shares together stay well under it, so live_status
 * polls, dispatch checks and site_info reads of the site always have room.
 *
 * The library needs a Redis client of its own (the Bus interface has no counters), as
 * CommandRateLimits does; the connection is made on first use.
 */
export class HistoryBackfillBudget {
  private readonly limiters: Record<BackfillPurpose, RateLimiterAbstract>;
  private readonly redis: Redis | undefined;

  constructor(options: HistoryBackfillBudgetOptions) {
    if (options.redisUrl) {
      this.redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 3, enableOfflineQueue: true, lazyConnect: true });
      const redis = this.redis;
      this.limiters = {
        dashboard: new RateLimiterRedis({ storeClient: redis, keyPrefix: 'rl:history-backfill', points: options.dashboardPerMinute, duration: 60 }),
        settlement: new RateLimiterRedis({ storeClient: redis, keyPrefix: 'rl:settlement-backfill', points: options.settlementPerMinute, duration: 60 }),
      };
    } else {
      this.limiters = {
        dashboard: new RateLimiterMemory({ keyPrefix: 'rl:history-backfill', points: options.dashboardPerMinute, duration: 60 }),
        settlement: new RateLimiterMemory({ keyPrefix: 'rl:settlement-backfill', points: options.settlementPerMinute, duration: 60 }),
      };
    }
  }

  /** Takes one calendar_history call from the site's share; 0 when granted, else the milliseconds until the share refills. */
  async take(purpose: BackfillPurpose, siteId: string): Promise<number> {
    try {
      await this.limiters[purpose].consume(siteId, 1);
      return 0;
    } catch (error) {
      if (error instanceof RateLimiterRes) return Math.max(1000, error.msBeforeNext);
      throw error;
    }
  }

  async close(): Promise<void> {
    if (this.redis && this.redis.status !== 'wait') await this.redis.quit().catch(() => undefined);
    else this.redis?.disconnect();
  }
}
