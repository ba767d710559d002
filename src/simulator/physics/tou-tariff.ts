import type { TouPeriod, TouSeason } from '../fleet/energy-site.js';

/**
 * Reads the TOU schedule out of a `tariff_content_v2` (tesla-fleet-api.md §5.5):
 * `seasons.{Name}.{fromMonth,fromDay,toMonth,toDay,tou_periods.{PERIOD}.periods[]}`, each period
 * `{fromDayOfWeek,toDayOfWeek,fromHour,fromMinute,toHour,toMinute}` with 0 = Sunday and absent
 * fields meaning 0 (as Tesla's own tariffs and the integrations that write them do). Older
 * tariffs put the list straight under the period name; both are read. Prices are ignored: the
 * physics only needs which period it is.
 */

const TARGETS: Record<string, TouPeriod['target']> = {
  ON_PEAK: 'peak',
  PEAK: 'peak',
  PARTIAL_PEAK: 'partial_peak',
  MID_PEAK: 'partial_peak',
  SHOULDER: 'partial_peak',
  OFF_PEAK: 'off_peak',
  SUPER_OFF_PEAK: 'off_peak',
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function int(value: unknown, fallback = 0): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : fallback;
}

/** fromDayOfWeek..toDayOfWeek inclusive; a range like 6..0 wraps over the weekend. */
function weekDays(from: number, to: number): number[] {
  const days: number[] = [];
  for (let day = from; days.length < 7; day = (day + 1) % 7) {
    days.push(day);
    if (day === to) break;
  }
  return days.sort((a, b) => a - b);
}

function periodsOf(target: TouPeriod['target'], entry: unknown): TouPeriod[] {
  const list = isObject(entry) ? entry.periods : entry;
  if (!Array.isArray(list)) return [];
  return list.filter(isObject).map((p) => {
    const from = Math.min(6, Math.max(0, int(p.fromDayOfWeek)));
    const to = Math.min(6, Math.max(0, int(p.toDayOfWeek, from)));
    // toHour 24 ends at midnight; an end at or before the start wraps (from == to: the whole day).
    const startSeconds = Math.min(86_399, Math.max(0, int(p.fromHour) * 3600 + int(p.fromMinute) * 60));
    const endSeconds = Math.min(86_400, Math.max(0, int(p.toHour) * 3600 + int(p.toMinute) * 60));
    return { target, weekDays: weekDays(from, to), startSeconds, endSeconds };
  });
}

/** Seasons with at least one usable period; null when the tariff has none (keep the old schedule). */
export function seasonsFromTariff(tariff: unknown): TouSeason[] | null {
  if (!isObject(tariff) || !isObject(tariff.seasons)) return null;
  const seasons: TouSeason[] = [];
  for (const [name, season] of Object.entries(tariff.seasons)) {
    if (!isObject(season) || !isObject(season.tou_periods)) continue;
    const schedule = Object.entries(season.tou_periods).flatMap(([period, entry]) => {
      const target = TARGETS[period.toUpperCase()];
      return target ? periodsOf(target, entry) : [];
    });
    if (schedule.length === 0) continue;
    // A season without dates (Tesla's "All Year" shape leaves them 0) covers the whole year.
    const dated = int(season.fromMonth) >= 1 && int(season.toMonth) >= 1;
    seasons.push({
      name,
      fromMonth: dated ? int(season.fromMonth) : 1,
      fromDay: dated ? Math.max(1, int(season.fromDay, 1)) : 1,
      toMonth: dated ? int(season.toMonth) : 12,
      toDay: dated ? Math.max(1, int(season.toDay, 31)) : 31,
      schedule,
    });
  }
  return seasons.length > 0 ? seasons : null;
}

function inSeason(season: TouSeason, month: number, day: number): boolean {
  const at = month * 100 + day;
  const from = season.fromMonth * 100 + season.fromDay;
  const to = season.toMonth * 100 + season.toDay;
  return from <= to ? at >= from && at <= to : at >= from || at <= to;
}

/** The schedule in force on a local date: the covering season's, else the site's plain schedule. */
export function touScheduleOn(
  settings: { touSchedule: TouPeriod[]; touSeasons: TouSeason[] | null },
  local: { month: number; day: number },
): TouPeriod[] {
  const season = settings.touSeasons?.find((s) => inSeason(s, local.month, local.day));
  return season?.schedule ?? settings.touSchedule;
}
