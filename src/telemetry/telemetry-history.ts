import type { SharedCache } from '../bus/shared-cache.js';
import type { SiteRow, TeslaConnectionRow } from '../db/tables.js';
import { GatewayError } from '../gateway-error.js';
import type { SiteService } from '../sites/site-service.js';
import { localDaysBetween, type LocalDay } from './local-days.js';
import type { CalendarBucket, HistoryInterval, HistoryPoint, TelemetryStore } from './telemetry-store.js';

export const MAX_HISTORY_DAYS = 31;
export const MAX_HISTORY_POINTS = 10_000;
/** A day's calendar_history is final (never fetched again) once it ended this long ago. */
const SETTLED_AFTER_MS = 60 * 60_000;
/** The still-open day is fetched again at most this often. */
const OPEN_DAY_TTL_MS = 5 * 60_000;
const BUCKET_S = 300;

/**
 * `Site.history`: stored samples, plus Tesla's calendar_history for the part of the range before
 * the site was first polled — fetched once per local day (single-flight across instances through
 * the shared cache), stored, and then read from Postgres like everything else.
 */
export class TelemetryHistory {
  constructor(
    private readonly store: TelemetryStore,
    private readonly sites: SiteService,
    private readonly cache: SharedCache,
  ) {}

  async history(site: SiteRow, connection: TeslaConnectionRow, start: Date, end: Date, interval: HistoryInterval): Promise<HistoryPoint[]> {
    if (!(start < end)) throw GatewayError.badUserInput('end', 'end must be after start');
    if (end.getTime() - start.getTime() > MAX_HISTORY_DAYS * 86_400_000) throw GatewayError.badUserInput('end', `ask for at most ${MAX_HISTORY_DAYS} days at once`);
    await this.backfill(site, connection, start, end);
    const points = await this.store.history(site, start, end, interval, MAX_HISTORY_POINTS + 1);
    if (points.length > MAX_HISTORY_POINTS) {
      throw GatewayError.badUserInput('interval', `more than ${MAX_HISTORY_POINTS} points: choose a coarser interval or a shorter range`);
    }
    return points;
  }

  /** Fetches (once) and stores calendar_history for the local days of [start, end) before the site was first polled. */
  async backfill(site: SiteRow, connection: TeslaConnectionRow, start: Date, end: Date): Promise<void> {
    const now = Date.now();
    const firstPolled = await this.store.firstPolledAt(site.id);
    const until = Math.min(end.getTime(), firstPolled?.getTime() ?? Infinity, now);
    if (until <= start.getTime()) return;
    const timeZone = site.time_zone ?? 'UTC';
    const days = localDaysBetween(timeZone, start, new Date(until));
    const stored = await this.store.backfilledDays(
      site.id,
      days.map((d) => d.day),
    );
    for (const day of days.filter((d) => !stored.has(d.day))) {
      const settled = day.end.getTime() <= now - SETTLED_AFTER_MS;
      await this.cache.getOrFetch(`calendar_history:${site.id}:${day.day}`, settled ? 60_000 : OPEN_DAY_TTL_MS, async () => {
        if (settled && (await this.store.backfilledDays(site.id, [day.day])).has(day.day)) return true;
        const buckets = await this.fetchDay(site, connection, timeZone, day);
        await this.store.saveCalendarDay(site.id, day.day, buckets, settled);
        return true;
      });
    }
  }

  private async fetchDay(site: SiteRow, connection: TeslaConnectionRow, timeZone: string, day: LocalDay): Promise<CalendarBucket[]> {
    const response = await this.sites.calendarHistory(site, connection, { startDate: day.startIso, endDate: day.endIso, timeZone });
    return (response.time_series ?? []).flatMap((item) => {
      const bucket = toCalendarBucket(item as Record<string, unknown>);
      return bucket && bucket.start >= day.start && bucket.start < day.end ? [bucket] : [];
    });
  }
}

const num = (item: Record<string, unknown>, key: string): number => {
  const v = item[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
};

/**
 * One calendar_history item as average power over its bucket. Fleet's `kind=energy` gives Wh per
 * 5-minute bucket (tesla-fleet-api.md §5.4); the legacy `kind=power` shape (`solar_power`, … in W)
 * is accepted too, since some accounts and proxies still answer with it.
 */
export function toCalendarBucket(item: Record<string, unknown>): CalendarBucket | null {
  const start = new Date(String(item['timestamp']));
  if (Number.isNaN(start.getTime())) return null;
  if ('solar_power' in item || 'battery_power' in item || 'grid_power' in item) {
    const solar = num(item, 'solar_power');
    const battery = num(item, 'battery_power');
    const grid = num(item, 'grid_power');
    return { start, solarPowerW: solar, batteryPowerW: battery, gridPowerW: grid, loadPowerW: 'load_power' in item ? num(item, 'load_power') : solar + battery + grid };
  }
  const toW = (wh: number) => (wh * 3600) / BUCKET_S;
  return {
    start,
    solarPowerW: toW(num(item, 'total_solar_generation') || num(item, 'solar_energy_exported')),
    // Tesla's signs: battery positive = discharging, grid positive = importing.
    batteryPowerW: toW(num(item, 'total_battery_discharge') - num(item, 'total_battery_charge')),
    gridPowerW: toW(num(item, 'grid_energy_imported') - num(item, 'total_grid_energy_exported')),
    loadPowerW: toW(num(item, 'total_home_usage')),
  };
}
