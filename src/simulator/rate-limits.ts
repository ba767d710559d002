/**
 * Tesla's per-device, per-account limits (tesla-fleet-api.md §4.1): Realtime Data 60/min, Device
 * Commands 30/min, Wakes 3/min, each counted separately. Fixed one-minute windows on the wall
 * clock: the limits protect callers in real time, whatever the simulated speed.
 */

export interface RateLimitVerdict {
  allowed: boolean;
  limit: number;
  /** Seconds until the window resets (≥ 1). */
  resetSeconds: number;
}

/** Which of Tesla's per-device budgets an endpoint draws on. */
export type RateLimitKind = 'data' | 'commands' | 'wakes';

/** Tesla's published budgets; also what an injected 429 reports when a limit is disabled. */
export const TESLA_PER_MINUTE: Readonly<Record<RateLimitKind, number>> = { data: 60, commands: 30, wakes: 3 };

const WINDOW_MS = 60_000;

export class PerMinuteLimiter {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();

  constructor(
    readonly perMinute: number,
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

/** One limiter per budget, so commands never eat into the data allowance (or wakes into commands). */
export class RateLimits {
  readonly data: PerMinuteLimiter;
  readonly commands: PerMinuteLimiter;
  readonly wakes: PerMinuteLimiter;

  constructor(perMinute: Record<RateLimitKind, number>) {
    this.data = new PerMinuteLimiter(perMinute.data);
    this.commands = new PerMinuteLimiter(perMinute.commands);
    this.wakes = new PerMinuteLimiter(perMinute.wakes);
  }

  of(kind: RateLimitKind): PerMinuteLimiter {
    return this[kind];
  }

  reset(): void {
    this.data.reset();
    this.commands.reset();
    this.wakes.reset();
  }
}
