import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { SiteRow, TeslaConnectionRow } from '../db/tables.js';
import type { TelemetrySample } from './telemetry-sample.js';

export type HistoryInterval = 'RAW' | 'FIVE_MINUTES' | 'FIFTEEN_MINUTES' | 'HOUR' | 'DAY';
export type HistorySource = 'POLL' | 'CALENDAR_HISTORY';

/** One point of a site's history: averages over the points' bucket (or one raw sample). */
export interface HistoryPoint {
  timestamp: Date;
  source: HistorySource;
  /** Stored samples or buckets behind this point. */
  sampleCount: number;
  solarPowerW: number | null;
  batteryPowerW: number | null;
  loadPowerW: number | null;
  gridPowerW: number | null;
  percentageCharged: number | null;
  energyLeftWh: number | null;
}

/** A 5-minute calendar_history bucket turned into average power over the bucket. */
export interface CalendarBucket {
  start: Date;
  solarPowerW: number;
  batteryPowerW: number;
  loadPowerW: number;
  gridPowerW: number;
}

const BIN_SECONDS: Record<Exclude<HistoryInterval, 'RAW' | 'DAY'>, number> = { FIVE_MINUTES: 300, FIFTEEN_MINUTES: 900, HOUR: 3600 };

/** Telemetry's tables: polled samples, stored calendar_history buckets, and which days were fetched. */
export class TelemetryStore {
  constructor(private readonly db: Db) {}

  /** Sites to poll with their connections, any organization (the poller serves them all). */
  async sitesToPoll(siteIds: readonly string[]): Promise<{ site: SiteRow; connection: TeslaConnectionRow }[]> {
    if (siteIds.length === 0) return [];
    const sites = await this.db.selectFrom('sites').selectAll().where('id', 'in', siteIds).execute();
    if (sites.length === 0) return [];
    const connections = new Map(
      (
        await this.db
          .selectFrom('tesla_connections')
          .selectAll()
          .where('id', 'in', [...new Set(sites.map((s) => s.connection_id))])
          .execute()
      ).map((c) => [c.id, c]),
    );
    return sites.flatMap((site) => {
      const connection = connections.get(site.connection_id);
      return connection ? [{ site, connection }] : [];
    });
  }

  /** Keeps every successful poll; failed polls are not samples (they travel as stale events only). */
  async savePolledSamples(samples: readonly TelemetrySample[]): Promise<void> {
    const rows = samples.flatMap((s) =>
      s.liveStatus
        ? [
            {
              site_id: s.siteId,
              source: 'POLL' as const,
              sampled_at: s.sampledAt,
              period_s: 0,
              solar_power_w: s.liveStatus.solarPowerW,
              battery_power_w: s.liveStatus.batteryPowerW,
              load_power_w: s.liveStatus.loadPowerW,
              grid_power_w: s.liveStatus.gridPowerW,
              percentage_charged: s.liveStatus.percentageCharged,
              energy_left_wh: s.liveStatus.energyLeftWh,
              grid_status: s.liveStatus.gridStatus,
            },
          ]
        : [],
    );
    // Chunked: Postgres allows at most 65 535 bind parameters per statement.
    for (let i = 0; i < rows.length; i += 2000) {
      await this.db
        .insertInto('telemetry_samples')
        .values(rows.slice(i, i + 2000))
        .onConflict((oc) => oc.columns(['site_id', 'sampled_at', 'source']).doNothing())
        .execute();
    }
  }

  /**
   * Deletes samples older than `cutoff`, and the backfill marks of those days, so a later query of
   * that range fetches calendar_history again instead of finding a silent gap. Returns rows deleted.
   */
  async deleteOlderThan(cutoff: Date): Promise<number> {
    const deleted = await this.db.deleteFrom('telemetry_samples').where('sampled_at', '<', cutoff).executeTakeFirst();
    // A day whose end is before the cutoff is gone; a day straddling it is kept marked (a day of slack).
    await this.db
      .deleteFrom('telemetry_backfills')
      .where('local_day', '<', sql<string>`(${cutoff}::timestamptz - interval '1 day')::date`)
      .execute();
    return Number(deleted.numDeletedRows);
  }

  /** Stored grid power of these sites in [start, end), oldest first (what event performance is measured on). */
  async gridSamples(siteIds: readonly string[], start: Date, end: Date): Promise<{ siteId: string; sampledAt: Date; periodS: number; gridPowerW: number | null }[]> {
    if (!siteIds.length) return [];
    const rows = await this.db
      .selectFrom('telemetry_samples')
      .select(['site_id', 'sampled_at', 'period_s', 'grid_power_w'])
      .where('site_id', 'in', [...siteIds])
      .where('sampled_at', '>=', start)
      .where('sampled_at', '<', end)
      .orderBy('sampled_at')
      .execute();
    return rows.map((r) => ({ siteId: r.site_id, sampledAt: new Date(r.sampled_at), periodS: r.period_s, gridPowerW: r.grid_power_w }));
  }

  async firstPolledAt(siteId: string): Promise<Date | null> {
    const row = await this.db
      .selectFrom('telemetry_samples')
      .select((eb) => eb.fn.min('sampled_at').as('first'))
      .where('site_id', '=', siteId)
      .where('source', '=', 'POLL')
      .executeTakeFirst();
    return row?.first ? new Date(row.first as Date | string) : null;
  }

  async backfilledDays(siteId: string, days: readonly string[]): Promise<Set<string>> {
    if (days.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('telemetry_backfills')
      .select(sql<string>`local_day::text`.as('day'))
      .where('site_id', '=', siteId)
      .where('local_day', 'in', days)
      .execute();
    return new Set(rows.map((r) => r.day));
  }

  /** Stores one local day of calendar buckets; `complete` days are never fetched again. */
  async saveCalendarDay(siteId: string, day: string, buckets: readonly CalendarBucket[], complete: boolean): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      for (let i = 0; i < buckets.length; i += 2000) {
        await tx
          .insertInto('telemetry_samples')
          .values(
            buckets.slice(i, i + 2000).map((b) => ({
              site_id: siteId,
              source: 'CALENDAR_HISTORY' as const,
              sampled_at: b.start,
              period_s: 300,
              solar_power_w: b.solarPowerW,
              battery_power_w: b.batteryPowerW,
              load_power_w: b.loadPowerW,
              grid_power_w: b.gridPowerW,
              percentage_charged: null,
              energy_left_wh: null,
              grid_status: null,
            })),
          )
          .onConflict((oc) =>
            oc.columns(['site_id', 'sampled_at', 'source']).doUpdateSet((eb) => ({
              solar_power_w: eb.ref('excluded.solar_power_w'),
              battery_power_w: eb.ref('excluded.battery_power_w'),
              load_power_w: eb.ref('excluded.load_power_w'),
              grid_power_w: eb.ref('excluded.grid_power_w'),
            })),
          )
          .execute();
      }
      if (complete) {
        await tx
          .insertInto('telemetry_backfills')
          .values({ site_id: siteId, local_day: day, bucket_count: buckets.length })
          .onConflict((oc) => oc.columns(['site_id', 'local_day']).doNothing())
          .execute();
      }
    });
  }

  /**
   * Stored points in [start, end), oldest first, averaged per bucket (DAY buckets are the site's
   * local days). Calendar buckets only fill time before polling began, so a bucket rarely mixes
   * sources; when it does, the polled samples win.
   */
  async history(site: SiteRow, start: Date, end: Date, interval: HistoryInterval, limit: number): Promise<HistoryPoint[]> {
    const base = this.db
      .selectFrom('telemetry_samples')
      .where('site_id', '=', site.id)
      .where('sampled_at', '>=', start)
      .where('sampled_at', '<', end);
    if (interval === 'RAW') {
      const rows = await base.selectAll().orderBy('sampled_at').orderBy('source', 'desc').limit(limit).execute();
      return rows.map((r) => ({
        timestamp: new Date(r.sampled_at),
        source: r.source,
        sampleCount: 1,
        solarPowerW: r.solar_power_w,
        batteryPowerW: r.battery_power_w,
        loadPowerW: r.load_power_w,
        gridPowerW: r.grid_power_w,
        percentageCharged: r.percentage_charged,
        energyLeftWh: r.energy_left_wh,
      }));
    }
    const bucket =
      interval === 'DAY'
        ? sql<Date>`(date_trunc('day', sampled_at, ${site.time_zone ?? 'UTC'}))`
        : sql<Date>`date_bin(make_interval(secs => ${BIN_SECONDS[interval]}), sampled_at, timestamptz '2000-01-01T00:00:00Z')`;
    // Per bucket: keep only the best source (POLL sorts after CALENDAR_HISTORY), then average.
    const rows = await this.db
      .with('binned', () => base.select([bucket.as('bucket'), 'source', 'solar_power_w', 'battery_power_w', 'load_power_w', 'grid_power_w', 'percentage_charged', 'energy_left_wh']))
      .with('best', (qb) => qb.selectFrom('binned').select(['bucket', (eb) => eb.fn.max('source').as('source')]).groupBy('bucket'))
      .selectFrom('binned')
      .innerJoin('best', (j) => j.onRef('best.bucket', '=', 'binned.bucket').onRef('best.source', '=', 'binned.source'))
      .select((eb) => [
        'binned.bucket as bucket',
        'binned.source as source',
        eb.fn.countAll<string>().as('count'),
        eb.fn.avg<number>('solar_power_w').as('solar'),
        eb.fn.avg<number>('battery_power_w').as('battery'),
        eb.fn.avg<number>('load_power_w').as('load'),
        eb.fn.avg<number>('grid_power_w').as('grid'),
        eb.fn.avg<number>('percentage_charged').as('soc'),
        eb.fn.avg<number>('energy_left_wh').as('energy'),
      ])
      .groupBy(['binned.bucket', 'binned.source'])
      .orderBy('binned.bucket')
      .limit(limit)
      .execute();
    const num = (v: unknown) => (v == null ? null : Number(v));
    return rows.map((r) => ({
      timestamp: new Date(r.bucket as Date | string),
      source: r.source as HistorySource,
      sampleCount: Number(r.count),
      solarPowerW: num(r.solar),
      batteryPowerW: num(r.battery),
      loadPowerW: num(r.load),
      gridPowerW: num(r.grid),
      percentageCharged: num(r.soc),
      energyLeftWh: num(r.energy),
    }));
  }
}
