import type { Bus } from '../bus/bus.js';
import type { SharedCache } from '../bus/shared-cache.js';
import type { SiteRow, TeslaConnectionRow } from '../db/tables.js';
import { GatewayError } from '../gateway-error.js';
import type { SiteService } from '../sites/site-service.js';
import type { BackfillPurpose, HistoryBackfillBudget } from './history-budget.js';
import { localDaysBetween, type LocalDay } from './local-days.js';
import type { CalendarBucket, HistoryInterval, HistoryPoint, TelemetryStore } from './telemetry-store.js';

export const MAX_HISTORY_DAYS = 31;
export const MAX_HISTORY_POINTS = 10_000;
const DAY_MS = 86_400_000;
/** A day's calendar_history is final (never fetched again) once it ended this long ago. */
const SETTLED_AFTER_MS = 60 * 60_000;
/** The still-open day is fetched again at most this often. */
const OPEN_DAY_TTL_MS = 5 * 60_000;
/** A site's installation date never changes: read from site_info at most once a day per site. */
const INSTALLATION_TTL_MS = DAY_MS;
const BUCKET_S = 300;

export interface TelemetryHistoryOptions {
  /** TELEMETRY_RETENTION_DAYS: history starts no earlier than this many days ago (0 = no bound). */
  retentionDays: number;
  /** Background backfill is non-essential: it waits while Tesla's billing limit is exceeded. */
  billing?: { pausesNonEssential(): Promise<boolean> };
}

/** The site's share of calendar_history reads is spent for now; the day stays pending. */
class BudgetSpent extends Error {
  constructor(readonly retryAfterMs: number) {
    super('calendar_history budget spent');
  }
}

/**
 * `Site.history`: stored samples, plus Tesla's calendar_history for the part of the range before
 * the site was first polled — fetched once per local day (single-flight across instances through
 * the shared cache), stored, and then read from Postgres like everything else.
 *
 * Tesla allows a device 60 data calls a minute, and calendar_history draws on the same allowance
 * as the live_status reads that telemetry and dispatch checks depend on. So no caller can spend it:
 * a range starts no earlier than the site's installation day and the retention window, and each
 * site's backfill draws on a small per-minute budget (HistoryBackfillBudget, shared by every
 * instance). When it is spent, history answers with what is stored and `pendingDays` names the
 * rest; program M&V has a share of its own, so dashboards never starve settlement.
 */
export class TelemetryHistory {
  constructor(
    private readonly store: TelemetryStore,
    private readonly sites: SiteService,
    private readonly cache: SharedCache,
    private readonly bus: Bus,
    private readonly budget: HistoryBackfillBudget,
    private readonly options: TelemetryHistoryOptions,
  ) {}

  async history(site: SiteRow, connection: TeslaConnectionRow, start: Date, end: Date, interval: HistoryInterval): Promise<HistoryPoint[]> {
    const missing = await this.checkRange(site, connection, start, end);
    if (missing.length) await this.fetchDays(site, connection, missing, 'dashboard');
    const points = await this.store.history(site, start, end, interval, MAX_HISTORY_POINTS + 1);
    if (points.length > MAX_HISTORY_POINTS) {
      throw GatewayError.badUserInput('interval', `more than ${MAX_HISTORY_POINTS} points: choose a coarser interval or a shorter range`);
    }
    return points;
  }

  /** `Site.historyPendingDays`: the local days (YYYY-MM-DD, oldest first) of [start, end) whose calendar_history is still to fetch. */
  async pendingDays(site: SiteRow, connection: TeslaConnectionRow, start: Date, end: Date): Promise<string[]> {
    return (await this.checkRange(site, connection, start, end)).map((d) => d.day);
  }

  /**
   * Fetches (once) and stores calendar_history for the local days of [start, end) before the site
   * was first polled, as far as the site's budget for `purpose` allows; returns the days left
   * pending. Days before the earliest allowed one (installation, retention) are skipped. For
   * `settlement` a spent budget is RATE_LIMITED (with `retryAfterSeconds`), so the event queue
   * tries again once the budget refills; while Tesla's billing limit pauses non-essential calls it
   * calls nothing and throws UPSTREAM_UNAVAILABLE (`upstreamError: EXCEEDED_LIMIT`).
   */
  async backfill(site: SiteRow, connection: TeslaConnectionRow, start: Date, end: Date, purpose: BackfillPurpose): Promise<string[]> {
    const missing = await this.missingDays(site, start, end);
    if (!missing.length) return [];
    // Tesla suspended the app: every call would collect the same 403; the event queue tries again later.
    if (await this.options.billing?.pausesNonEssential()) {
      throw new GatewayError('UPSTREAM_UNAVAILABLE', `Tesla suspended this app for its billing limit: calendar_history backfill waits until it is lifted (${missing.length} day(s) to fetch)`, {
        upstreamError: 'EXCEEDED_LIMIT',
      });
    }
    const earliest = await this.earliestStart(site, connection);
    return this.fetchDays(
      site,
      connection,
      missing.filter((d) => !earliest || d.start >= earliest),
      purpose,
    );
  }

  /** Fetches and stores these days newest first until the budget is spent; returns the days left (oldest first). */
  private async fetchDays(site: SiteRow, connection: TeslaConnectionRow, missing: readonly LocalDay[], purpose: BackfillPurpose): Promise<string[]> {
    const days = [...missing].reverse();
    const timeZone = site.time_zone ?? 'UTC';
    for (const [i, day] of days.entries()) {
      const settled = day.end.getTime() <= Date.now() - SETTLED_AFTER_MS;
      try {
        await this.cache.getOrFetch(`calendar_history:${site.id}:${day.day}`, settled ? 60_000 : OPEN_DAY_TTL_MS, async () => {
          if (settled && (await this.store.backfilledDays(site.id, [day.day])).has(day.day)) return true;
          const waitMs = await this.budget.take(purpose, site.id);
          if (waitMs > 0) throw new BudgetSpent(waitMs);
          const buckets = await this.fetchDay(site, connection, timeZone, day);
          await this.store.saveCalendarDay(site.id, day.day, buckets, settled);
          if (!settled) await this.bus.set(openDayKey(site.id, day.day), '1', OPEN_DAY_TTL_MS);
          return true;
        });
      } catch (error) {
        if (!(error instanceof BudgetSpent)) throw error;
        const pending = days.slice(i).map((d) => d.day).reverse();
        if (purpose === 'settlement') {
          throw new GatewayError('RATE_LIMITED', `the site's calendar_history budget for settlement is spent; ${pending.length} day(s) still to fetch`, {
            retryAfterSeconds: Math.ceil(error.retryAfterMs / 1000),
          });
        }
        return pending;
      }
    }
    return [];
  }

  /**
   * `start` must be before `end`, at most 31 days apart, and not before the earliest allowed day
   * (BAD_USER_INPUT on `start`). Returns the range's missing days. The installation date is read
   * only when some day is missing: a range already stored or polled costs no Tesla call at all
   * (and nothing can be stored before installation).
   */
  private async checkRange(site: SiteRow, connection: TeslaConnectionRow, start: Date, end: Date): Promise<LocalDay[]> {
    if (!(start < end)) throw GatewayError.badUserInput('end', 'end must be after start');
    if (end.getTime() - start.getTime() > MAX_HISTORY_DAYS * DAY_MS) throw GatewayError.badUserInput('end', `ask for at most ${MAX_HISTORY_DAYS} days at once`);
    const retained = this.retentionStart(site);
    if (retained && start < retained) throw this.startTooEarly(retained);
    const missing = await this.missingDays(site, start, end);
    if (missing.length) {
      const earliest = await this.earliestStart(site, connection);
      if (earliest && start < earliest) throw this.startTooEarly(earliest);
    }
    return missing;
  }

  private startTooEarly(earliest: Date): GatewayError {
    const retention = this.options.retentionDays > 0 ? ` and history is kept for ${this.options.retentionDays} days` : '';
    return GatewayError.badUserInput('start', `start must be at or after ${earliest.toISOString()}: the site's history begins on its installation day${retention}`);
  }

  /** Local midnight of the day TELEMETRY_RETENTION_DAYS ago (what is older is deleted anyway); null when kept forever. */
  private retentionStart(site: SiteRow): Date | null {
    return this.options.retentionDays > 0 ? localMidnightOf(site, Date.now() - this.options.retentionDays * DAY_MS) : null;
  }

  /** The earliest allowed start: the later of the retention bound and local midnight of the installation day. Null: no bound known. */
  private async earliestStart(site: SiteRow, connection: TeslaConnectionRow): Promise<Date | null> {
    const retained = this.retentionStart(site);
    const installed = await this.installationDate(site, connection);
    const installationDay = installed ? localMidnightOf(site, installed.getTime()) : null;
    if (!retained || !installationDay) return retained ?? installationDay;
    return retained > installationDay ? retained : installationDay;
  }

  /**
   * site_info's `installation_date`, cached across instances for a day. When site_info cannot be
   * read (Tesla down, a scope missing) there is no installation bound for now: the budget still holds.
   */
  private async installationDate(site: SiteRow, connection: TeslaConnectionRow): Promise<Date | null> {
    try {
      const iso = await this.cache.getOrFetch(`installation_date:${site.id}`, INSTALLATION_TTL_MS, async () => {
        const info = (await this.sites.siteInfo(site, connection)) as Record<string, unknown>;
        const value = info['installation_date'];
        return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? value : null;
      });
      return iso ? new Date(iso) : null;
    } catch {
      return null;
    }
  }

  /**
   * Local days of [start, end) before polling began (and before now) that have no stored
   * calendar_history: settled days not yet stored, and open days not fetched in the last 5 minutes.
   */
  private async missingDays(site: SiteRow, start: Date, end: Date): Promise<LocalDay[]> {
    const now = Date.now();
    const firstPolled = await this.store.firstPolledAt(site.id);
    const until = Math.min(end.getTime(), firstPolled?.getTime() ?? Infinity, now);
    if (until <= start.getTime()) return [];
    const days = localDaysBetween(site.time_zone ?? 'UTC', start, new Date(until));
    const stored = await this.store.backfilledDays(
      site.id,
      days.map((d) => d.day),
    );
    const open = days.filter((d) => !stored.has(d.day) && d.end.getTime() > now - SETTLED_AFTER_MS);
    const fresh = await this.bus.getMany(open.map((d) => openDayKey(site.id, d.day)));
    const recentlyFetched = new Set(open.filter((_, i) => fresh[i] !== null).map((d) => d.day));
    return days.filter((d) => !stored.has(d.day) && !recentlyFetched.has(d.day));
  }

  private async fetchDay(site: SiteRow, connection: TeslaConnectionRow, timeZone: string, day: LocalDay): Promise<CalendarBucket[]> {
    const response = await this.sites.calendarHistory(site, connection, { startDate: day.startIso, endDate: day.endIso, timeZone });
    return (response.time_series ?? []).flatMap((item) => {
      const bucket = toCalendarBucket(item as Record<string, unknown>);
      return bucket && bucket.start >= day.start && bucket.start < day.end ? [bucket] : [];
    });
  }
}

const openDayKey = (siteId: string, day: string) => `calendar-history-open:${siteId}:${day}`;

/** Local midnight (in the site's zone) of the day containing `at`. */
function localMidnightOf(site: SiteRow, at: number): Date {
  return localDaysBetween(site.time_zone ?? 'UTC', new Date(at), new Date(at + 1))[0]?.start ?? new Date(at);
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
