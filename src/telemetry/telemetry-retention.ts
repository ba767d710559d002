import type { Bus } from '../bus/bus.js';
import type { Logger } from '../observability/logger.js';
import type { TelemetryStore } from './telemetry-store.js';

const HOUR_MS = 3_600_000;

/**
 * Deletes stored telemetry older than the retention period, once an hour across all workers (the
 * first worker to take the hourly key does it). At 30 s polling, 10 000 sites store ~29 M samples a
 * day, so history must be bounded; `TELEMETRY_RETENTION_DAYS=0` keeps everything.
 */
export class TelemetryRetention {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly bus: Bus,
    private readonly store: TelemetryStore,
    private readonly retentionDays: number,
    private readonly instanceId: string,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.retentionDays <= 0) return;
    this.timer = setInterval(() => void this.runOnce(), HOUR_MS);
    this.timer.unref();
    void this.runOnce();
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Returns the rows deleted, or null when another worker had this hour's turn. */
  async runOnce(): Promise<number | null> {
    try {
      if (!(await this.bus.setIfAbsent('telemetry-retention', this.instanceId, HOUR_MS - 60_000))) return null;
      const deleted = await this.store.deleteOlderThan(new Date(Date.now() - this.retentionDays * 24 * HOUR_MS));
      if (deleted) this.logger.info({ deleted, retentionDays: this.retentionDays }, 'old telemetry samples deleted');
      return deleted;
    } catch (error) {
      this.logger.warn({ err: error }, 'telemetry retention failed');
      return null;
    }
  }
}
