/**
 * Tesla's per-device, per-account "Realtime Data" limit (60 requests a minute). Fixed one-minute
 * windows on the wall clock: the limit protects callers in real time, whatever the simulated speed.
 */

export interface RateLimitVerdict {
  allowed: boolean;
  limit: number;
  /** Seconds until the window resets (≥ 1). */
  resetSeconds: number;
}

const WINDOW_MS = 60_000;

export class DataRateLimiter {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly realNow: () => number = Date.now,
  ) {}

  /** Counts one request against `key`; 0 per minute disables the limit. */
  take(key: string): RateLimitVerdict {
    const now = this.realNow();
    let window = this.windows.get(key);
    if (!window || now - window.startedAt >= WINDOW_MS) {
      window = { startedAt: now, count: 0 };
      this.windows.set(key, window);
    }
    const resetSeconds = Math.max(1, Math.ceil((window.startedAt + WINDOW_MS - now) / 1000));
    if (this.perMinute <= 0) return { allowed: true, limit: 0, resetSeconds };
    window.count++;
    return { allowed: window.count <= this.perMinute, limit: this.perMinute, resetSeconds };
  }

  reset(): void {
    this.windows.clear();
  }
}
