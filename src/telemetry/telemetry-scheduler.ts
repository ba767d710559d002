import { setTimeout as sleep } from 'node:timers/promises';
import pLimit from 'p-limit';
import type { Bus } from '../bus/bus.js';
import type { SiteRow, TeslaConnectionRow } from '../db/tables.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { SiteService } from '../sites/site-service.js';
import { TELEMETRY_KICK_CHANNEL, type TelemetryInterest } from './telemetry-interest.js';
import { latestSampleKey, telemetryChannel, toSampledLiveStatus, type TelemetryBatch, type TelemetrySample } from './telemetry-sample.js';
import type { TelemetryStore } from './telemetry-store.js';

export interface TelemetrySchedulerOptions {
  instanceId: string;
  intervalMs: number;
  /** Live-status reads in flight at once on this instance. */
  concurrency: number;
  /** Polling is non-essential: it pauses while Tesla's billing limit is exceeded. */
  billing?: { pausesNonEssential(): Promise<boolean> };
}

/** While a large batch is being polled, samples completed so far go out at least this often. */
const FLUSH_MS = 20;

/**
 * The worker side of telemetry. Every half interval it reads which sites are watched (on any
 * instance), takes or renews the per-site poll lease for those it can (one bus round trip), and
 * reads live status of the sites it holds that are due. Leases live 1.5 intervals, so when the
 * holder dies another worker takes a site over within two intervals. Samples go to the bus (one
 * message per organization per flush) and to Postgres. Calls to Tesla grow with watched sites ×
 * poll rate, never with subscribers.
 */
export class TelemetryScheduler {
  private readonly lastPolled = new Map<string, number>();
  private readonly inFlight = new Set<string>();
  private readonly limit: ReturnType<typeof pLimit>;
  private timer: NodeJS.Timeout | null = null;
  private kickTimer: NodeJS.Timeout | null = null;
  private unsubscribeKick: (() => Promise<void>) | null = null;
  private ticking: Promise<void> | null = null;
  private tickAgain = false;
  private pending: TelemetrySample[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly bus: Bus,
    private readonly interest: TelemetryInterest,
    private readonly store: TelemetryStore,
    private readonly sites: SiteService,
    private readonly logger: Logger,
    private readonly metrics: Metrics,
    private readonly options: TelemetrySchedulerOptions,
  ) {
    this.limit = pLimit(options.concurrency);
  }

  /** Sites this instance holds the poll lease of (as of its last tick). */
  get polledSiteCount(): number {
    return this.lastPolled.size;
  }

  async start(): Promise<void> {
    this.unsubscribeKick = await this.bus.subscribe(TELEMETRY_KICK_CHANNEL, () => this.kick());
    this.timer = setInterval(() => this.runTick(), this.options.intervalMs / 2);
    this.runTick();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    if (this.kickTimer) clearTimeout(this.kickTimer);
    await this.unsubscribeKick?.().catch(() => undefined);
    await this.ticking;
    this.limit.clearQueue();
    // Reads already running finish (each bounded by the upstream timeout) and are published.
    while (this.limit.activeCount > 0) await sleep(20);
    await this.flush();
  }

  /** A site just became watched: look now rather than at the next tick (debounced). */
  private kick(): void {
    if (this.kickTimer || this.closed) return;
    this.kickTimer = setTimeout(() => {
      this.kickTimer = null;
      this.runTick();
    }, 10);
  }

  private runTick(): void {
    if (this.closed) return;
    if (this.ticking) {
      this.tickAgain = true;
      return;
    }
    this.ticking = this.tick()
      .catch((error: unknown) => this.logger.warn({ err: error }, 'telemetry tick failed'))
      .finally(() => {
        this.ticking = null;
        if (this.tickAgain) {
          this.tickAgain = false;
          this.runTick();
        }
      });
  }

  private async tick(): Promise<void> {
    const { intervalMs, instanceId } = this.options;
    // Tesla suspended the app (billing limit): every poll would only collect the same 403. Leases
    // lapse meanwhile, and subscribers see their samples age (staleSiteCount).
    if (await this.options.billing?.pausesNonEssential()) return;
    // Only sites of this deployment's database: a Redis shared with another deployment (or another
    // test run) lists sites this one cannot poll, and must not take their leases.
    const targets = await this.store.sitesToPoll(await this.interest.watchedSiteIds());
    const held = await this.bus.acquireLeases(
      targets.map((t) => leaseKey(t.site.id)),
      instanceId,
      intervalMs * 1.5,
    );
    const mine = targets.filter((_, i) => held[i]);
    const mineIds = new Set(mine.map((t) => t.site.id));
    const watchedIds = new Set(targets.map((t) => t.site.id));
    // Sites no longer watched, or now polled elsewhere: forget them (their leases lapse or move).
    for (const id of this.lastPolled.keys()) {
      if (mineIds.has(id)) continue;
      this.lastPolled.delete(id);
      if (!watchedIds.has(id)) void this.bus.deleteIfEquals(leaseKey(id), instanceId).catch(() => undefined);
    }
    const now = Date.now();
    // Ticks come every half interval: "due" at 0.75 interval absorbs timer and event-loop jitter of
    // up to a quarter interval either way, so a site is polled on every other tick, never skipped.
    const due = mine.filter((t) => !this.inFlight.has(t.site.id) && now - (this.lastPolled.get(t.site.id) ?? -Infinity) >= intervalMs * 0.75);
    if (due.length) void this.poll(due);
  }

  private async poll(targets: { site: SiteRow; connection: TeslaConnectionRow }[]): Promise<void> {
    for (const { site } of targets) this.inFlight.add(site.id);
    try {
      await Promise.all(
        targets.map(({ site, connection }) =>
          this.limit(async () => {
            if (this.closed) return;
            this.lastPolled.set(site.id, Date.now());
            let sample: TelemetrySample;
            try {
              const live = await this.sites.refreshLiveStatus(site, connection);
              sample = { siteId: site.id, organizationId: site.organization_id, sampledAt: new Date().toISOString(), liveStatus: toSampledLiveStatus(live), error: null };
              this.metrics.telemetryPolls.inc({ result: 'ok' });
            } catch (error) {
              this.metrics.telemetryPolls.inc({ result: 'failed' });
              sample = {
                siteId: site.id,
                organizationId: site.organization_id,
                sampledAt: new Date().toISOString(),
                liveStatus: null,
                error: error instanceof Error ? error.message : 'live status read failed',
              };
            }
            this.enqueue(sample);
          }),
        ),
      );
    } finally {
      for (const { site } of targets) this.inFlight.delete(site.id);
    }
    // The batch is complete: publish now rather than at the flush timer.
    await this.flush();
  }

  private enqueue(sample: TelemetrySample): void {
    this.pending.push(sample);
    this.flushTimer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  private async flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const samples = this.pending;
    this.pending = [];
    if (samples.length === 0) return;
    const byOrganization = new Map<string, TelemetrySample[]>();
    for (const sample of samples) {
      const list = byOrganization.get(sample.organizationId) ?? [];
      list.push(sample);
      byOrganization.set(sample.organizationId, list);
    }
    try {
      await Promise.all([
        ...[...byOrganization].map(([organizationId, list]) => this.bus.publish(telemetryChannel(organizationId), JSON.stringify({ samples: list } satisfies TelemetryBatch))),
        ...samples.map((s) => this.bus.set(latestSampleKey(s.siteId), JSON.stringify(s), this.options.intervalMs * 3)),
      ]);
    } catch (error) {
      this.logger.warn({ err: error }, 'could not publish telemetry');
    }
    try {
      await this.store.savePolledSamples(samples);
    } catch (error) {
      this.logger.warn({ err: error }, 'could not store telemetry samples');
    }
  }
}

function leaseKey(siteId: string): string {
  return `telemetry-lease:${siteId}`;
}
