import pLimit from 'p-limit';
import type { ConnectionService } from '../connections/connection-service.js';
import type { Db } from '../db/database.js';
import type { ProgramEventRow, ProgramEventSiteRow } from '../db/tables.js';
import type { Logger } from '../observability/logger.js';
import type { SiteService } from '../sites/site-service.js';
import type { TelemetryHistory } from '../telemetry/telemetry-history.js';
import type { TelemetryStore } from '../telemetry/telemetry-store.js';
import { performanceSamplesFrom, type BaselineSpec } from './performance/baselines.js';
import { aggregateEventPerformance } from './performance/event-performance.js';
import { localTime } from './performance/local-clock.js';
import { computeSitePerformance, type SitePerformance } from './performance/site-performance.js';
import type { PowerhubTransport } from './powerhub-transport.js';
import * as repo from './program-repository.js';

/** A site's zone when Tesla gave none: the account region's usual one (flagged timeZoneAssumed). */
const REGION_TIME_ZONE: Record<string, string> = { na: 'America/Los_Angeles', eu: 'Europe/Berlin', cn: 'Asia/Shanghai' };

export interface SitePerformanceView extends Omit<SitePerformance, 'unrounded'> {
  siteId: string;
  energySiteId: string;
  /** What Powerhub reported it delivered (POWERHUB events), kept beside our own measurement. */
  powerhubDeliveredKwh: number | null;
}

export interface EventPerformanceView {
  baselineMethod: BaselineSpec['method'];
  baselineKw: number | null;
  deliveredKw: number | null;
  energyDeliveredWh: number | null;
  /** The measured span: the event, or up to its cancellation, or up to now while it runs. */
  start: Date;
  end: Date;
  frozen: boolean;
  sites: SitePerformanceView[];
}

/**
 * Measured performance (M&V) of an event from stored telemetry: the pure computation lives in
 * performance/; this side loads samples (and, for X-of-Y baselines, the calendar_history backfill
 * of past days), and freezes the result when the event ends, so retention never changes it.
 */
export class EventPerformanceService {
  constructor(
    private readonly db: Db,
    private readonly sites: SiteService,
    private readonly connections: ConnectionService,
    private readonly store: TelemetryStore,
    private readonly history: TelemetryHistory,
    private readonly powerhub: PowerhubTransport,
    private readonly logger: Logger,
  ) {}

  /** The frozen figure of a settled event, else computed now; null before the event starts. */
  async performance(event: ProgramEventRow): Promise<EventPerformanceView | null> {
    if (event.performance) return revive(event.performance as unknown as EventPerformanceView);
    if (event.status === 'SCHEDULED' || event.status === 'FAILED' || event.start_at.getTime() >= Date.now()) return null;
    return this.compute(event);
  }

  /**
   * Fetches what the baseline needs from before the sites were polled — the past days of an X-of-Y
   * baseline, or the pre-event window — from calendar_history (once per local day, stored).
   * Throws when Tesla asked to wait for some site, so the queue tries again later.
   */
  async prepare(event: ProgramEventRow): Promise<void> {
    if (event.status === 'CANCELLED' || event.status === 'FAILED') return;
    const failures = await this.backfillBaseline(event);
    if (failures.length) throw failures[0];
  }

  /** Computes and stores the final figure of an ended event, once. */
  async settle(event: ProgramEventRow): Promise<void> {
    if (event.performance || (event.status !== 'COMPLETED' && event.status !== 'CANCELLED')) return;
    if (event.powerhub_dispatch_id) await this.keepPowerhubFigures(event);
    const view = await this.compute(event);
    await repo.freezePerformance(this.db, event.id, { ...view, frozen: true });
  }

  private async compute(event: ProgramEventRow): Promise<EventPerformanceView> {
    const spec = event.baseline as unknown as BaselineSpec;
    const start = event.start_at;
    const end = new Date(Math.min(event.end_at.getTime(), event.cancelled_at?.getTime() ?? Infinity, Math.max(Date.now(), start.getTime() + 1)));
    const eventSites = (await repo.eventSites(this.db, event.id)).filter((s) => s.included);
    const bySite = new Map<string, ProgramEventSiteRow>(eventSites.map((s) => [s.site_id, s]));
    const sites = await this.sites.sitesByIds(event.organization_id, [...bySite.keys()]);
    const connections = new Map((await this.connections.connectionsByIds(event.organization_id, [...new Set(sites.map((s) => s.connection_id))])).map((c) => [c.id, c]));
    const from = performanceSamplesFrom(start, spec);
    // What prepare() could not fetch gets one more chance; what is still missing is reported as such.
    await this.backfillBaseline(event);
    const samples = await this.store.gridSamples([...bySite.keys()], from, end);
    const samplesBySite = new Map<string, typeof samples>();
    for (const sample of samples) (samplesBySite.get(sample.siteId) ?? samplesBySite.set(sample.siteId, []).get(sample.siteId)!).push(sample);
    const otherEvents = await repo.eventStartsOfSites(this.db, [...bySite.keys()], from, event.id);
    const measured = sites.map((site) => {
      const fallbackTimeZone = REGION_TIME_ZONE[connections.get(site.connection_id)?.region ?? ''] ?? 'UTC';
      const zone = site.time_zone || fallbackTimeZone;
      const excludedDays = otherEvents.filter((e) => e.site_id === site.id).flatMap((e) => safeLocalDay(zone, e.start_at) ?? []);
      const performance = computeSitePerformance({
        event: { start, end, mode: event.mode },
        baseline: spec,
        timeZone: site.time_zone,
        fallbackTimeZone,
        samples: samplesBySite.get(site.id) ?? [],
        excludedDays,
        override: bySite.get(site.id)?.override != null,
      });
      return { site, performance };
    });
    return {
      baselineMethod: spec.method,
      ...aggregateEventPerformance(measured.map((m) => m.performance)),
      start,
      end,
      frozen: false,
      sites: measured.map(({ site, performance: { unrounded: _exact, ...performance } }) => ({
        ...performance,
        siteId: site.id,
        energySiteId: site.energy_site_id,
        powerhubDeliveredKwh: bySite.get(site.id)?.powerhub_delivered_kwh ?? null,
      })),
    };
  }

  private async backfillBaseline(event: ProgramEventRow): Promise<unknown[]> {
    const spec = event.baseline as unknown as BaselineSpec;
    // X-of-Y: the Y most recent weekdays, with room for a few excluded or empty ones — not the
    // whole 45-day look-back, which would spend a site's data budget at Tesla (60 reads a minute).
    const from =
      spec.method === 'X_OF_Y_DAYS'
        ? new Date(event.start_at.getTime() - (Math.ceil((spec.y * 7) / 5) + 3) * 86_400_000)
        : performanceSamplesFrom(event.start_at, spec);
    const until = new Date(Math.min(event.start_at.getTime(), Date.now()));
    const siteIds = (await repo.eventSites(this.db, event.id)).filter((s) => s.included).map((s) => s.site_id);
    const sites = await this.sites.sitesByIds(event.organization_id, siteIds);
    const connections = new Map((await this.connections.connectionsByIds(event.organization_id, [...new Set(sites.map((s) => s.connection_id))])).map((c) => [c.id, c]));
    const failures: unknown[] = [];
    const limit = pLimit(4);
    await Promise.all(
      sites.map((site) =>
        limit(async () => {
          const connection = connections.get(site.connection_id);
          if (!connection) return;
          await this.history.backfill(site, connection, from, until, 'settlement').catch((error: unknown) => {
            failures.push(error);
            this.logger.warn({ err: error, siteId: site.id, eventId: event.id }, 'calendar_history backfill for a baseline failed; tried again later');
          });
        }),
      ),
    );
    return failures;
  }

  private async keepPowerhubFigures(event: ProgramEventRow): Promise<void> {
    try {
      const dispatch = await this.powerhub.getDispatch(event.organization_id, event.powerhub_dispatch_id!);
      const linked = await this.powerhub.linkedSites(event.organization_id, (await repo.eventSites(this.db, event.id)).map((s) => s.site_id));
      const siteByPowerhubId = new Map([...linked].map(([siteId, powerhubId]) => [powerhubId, siteId]));
      for (const site of dispatch.sites) {
        const siteId = siteByPowerhubId.get(site.siteId);
        if (siteId) await repo.setPowerhubDelivered(this.db, event.id, siteId, site.deliveredKwh);
      }
    } catch (error) {
      this.logger.warn({ err: error, eventId: event.id }, "could not read Powerhub's delivered energy; our own measurement stands");
    }
  }
}

function safeLocalDay(timeZone: string, at: Date): string | null {
  try {
    return localTime(timeZone, at.getTime()).day;
  } catch {
    return null;
  }
}

/** A stored (JSON) performance back with its dates. */
function revive(stored: EventPerformanceView): EventPerformanceView {
  return {
    ...stored,
    start: new Date(stored.start),
    end: new Date(stored.end),
    sites: stored.sites.map((s) => ({ ...s, intervals: s.intervals.map((i) => ({ ...i, start: new Date(i.start), end: new Date(i.end) })) })),
  };
}
