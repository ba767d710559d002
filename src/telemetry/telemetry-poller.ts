import { randomUUID } from 'node:crypto';
import type { Bus } from '../bus/bus.js';
import type { SiteRow, TeslaConnectionRow } from '../db/tables.js';
import type { Logger } from '../observability/logger.js';
import type { SiteLiveStatus } from '../sites/site-mapping.js';
import type { SiteService } from '../sites/site-service.js';

/** Bus channel of one organization's telemetry samples. */
export const telemetryChannel = (organizationId: string) => `telemetry:${organizationId}`;

export interface TelemetrySample {
  siteId: string;
  sampledAt: string;
  /** null when the poll failed: the site is stale, and `error` says why. */
  liveStatus: (Omit<SiteLiveStatus, 'timestamp'> & { timestamp: string | null }) | null;
  error: string | null;
}

interface Watched {
  subscribers: number;
  timer: NodeJS.Timeout;
}

/**
 * Polls live status of the sites someone watches, once per interval per site however many
 * subscribers (here or on other instances) watch it: every watching instance competes for a
 * per-site lease in the bus each tick; the holder polls and publishes to all instances. When the
 * holder dies its lease expires within two intervals and another watcher takes over. When the last
 * local subscriber leaves, this instance stops competing (and frees its lease).
 */
export class TelemetryPoller {
  private readonly watched = new Map<string, Watched>();
  private readonly instanceId = randomUUID();

  constructor(
    private readonly bus: Bus,
    private readonly sites: SiteService,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  /** Starts (or joins) polling a site; the returned function leaves. */
  watch(site: SiteRow, connection: TeslaConnectionRow): () => void {
    const existing = this.watched.get(site.id);
    if (existing) existing.subscribers++;
    else {
      const tick = () => void this.tick(site, connection).catch((error: unknown) => this.logger.warn({ err: error, siteId: site.id }, 'telemetry tick failed'));
      this.watched.set(site.id, { subscribers: 1, timer: setInterval(tick, this.intervalMs) });
      tick();
    }
    let left = false;
    return () => {
      if (left) return;
      left = true;
      const entry = this.watched.get(site.id);
      if (!entry || --entry.subscribers > 0) return;
      clearInterval(entry.timer);
      this.watched.delete(site.id);
      void this.bus.deleteIfEquals(this.leaseKey(site.id), this.instanceId).catch(() => undefined);
    };
  }

  close(): void {
    for (const entry of this.watched.values()) clearInterval(entry.timer);
    this.watched.clear();
  }

  private leaseKey(siteId: string): string {
    return `telemetry-lease:${siteId}`;
  }

  private async tick(site: SiteRow, connection: TeslaConnectionRow): Promise<void> {
    const key = this.leaseKey(site.id);
    const ttl = this.intervalMs * 2;
    let holding = (await this.bus.get(key)) === this.instanceId;
    if (holding) await this.bus.set(key, this.instanceId, ttl);
    else holding = await this.bus.setIfAbsent(key, this.instanceId, ttl);
    if (!holding || !this.watched.has(site.id)) return;
    let sample: TelemetrySample;
    try {
      const live = await this.sites.refreshLiveStatus(site, connection);
      sample = { siteId: site.id, sampledAt: new Date().toISOString(), liveStatus: { ...live, timestamp: live.timestamp?.toISOString() ?? null }, error: null };
    } catch (error) {
      sample = { siteId: site.id, sampledAt: new Date().toISOString(), liveStatus: null, error: error instanceof Error ? error.message : 'poll failed' };
    }
    await this.bus.publish(telemetryChannel(site.organization_id), JSON.stringify(sample));
  }
}
