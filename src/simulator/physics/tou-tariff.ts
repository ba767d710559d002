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

// ---- The tariff as Tesla stores it ---------------------------------------------------------

/** A number as sent (numbers or numeric text); anything else is left as it was. */
function asNumber(value: unknown): unknown {
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return value;
}

/** Prices are kept to a hundredth of a cent. */
function price(value: unknown): unknown {
  const n = asNumber(value);
  return typeof n === 'number' && Number.isFinite(n) ? Math.round(n * 10_000) / 10_000 : n;
}

/** Listed keys first in this order (absent ones skipped), then every other key as sent: nothing is lost. */
function ordered(source: Record<string, unknown>, order: readonly string[], fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of order) if (fields[key] !== undefined) out[key] = fields[key];
  for (const [key, value] of Object.entries(source)) if (!(key in out) && !order.includes(key)) out[key] = value;
  return out;
}

const PERIOD_KEYS = ['fromDayOfWeek', 'toDayOfWeek', 'fromHour', 'fromMinute', 'toHour', 'toMinute'] as const;

/** Tesla leaves zero fields out of a stored period (`{"toDayOfWeek": 6, "toMinute": 30}`). */
function storedPeriod(period: Record<string, unknown>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const key of PERIOD_KEYS) {
    const value = asNumber(period[key]);
    if (value !== undefined && value !== null && value !== 0) fields[key] = value;
  }
  return ordered(period, PERIOD_KEYS, fields);
}

function storedSeasons(seasons: unknown): unknown {
  if (!isObject(seasons)) return seasons;
  return Object.fromEntries(
    Object.entries(seasons).map(([name, season]) => {
      if (!isObject(season)) return [name, season];
      const periods = isObject(season.tou_periods)
        ? Object.fromEntries(
            Object.entries(season.tou_periods).map(([period, entry]) => {
              // The older shape (a bare list under the period name) is stored in the current one.
              const list = isObject(entry) ? entry.periods : entry;
              if (!Array.isArray(list)) return [period, entry];
              const rest = isObject(entry) ? entry : {};
              return [period, ordered(rest, ['periods'], { periods: list.filter(isObject).map(storedPeriod) })];
            }),
          )
        : season.tou_periods;
      const fields = { fromDay: asNumber(season.fromDay), toDay: asNumber(season.toDay), fromMonth: asNumber(season.fromMonth), toMonth: asNumber(season.toMonth), tou_periods: periods };
      return [name, ordered(season, ['fromDay', 'toDay', 'fromMonth', 'toMonth', 'tou_periods'], fields)];
    }),
  );
}

function storedCharges(charges: unknown): unknown {
  if (!isObject(charges)) return charges;
  return Object.fromEntries(
    Object.entries(charges).map(([season, entry]) => {
      if (!isObject(entry) || !isObject(entry.rates)) return [season, entry];
      const rates = Object.fromEntries(Object.entries(entry.rates).map(([period, value]) => [period, price(value)]));
      return [season, ordered(entry, ['rates'], { rates })];
    }),
  );
}

/** A zero daily charge is stored as its name alone (`{"name": "Charge"}`). */
function storedDailyCharges(charges: unknown): unknown {
  if (!Array.isArray(charges)) return charges;
  return charges.map((charge) => {
    if (!isObject(charge)) return charge;
    const amount = price(charge.amount);
    return ordered(charge, ['name', 'amount'], { name: charge.name, amount: amount === 0 ? undefined : amount });
  });
}

function slug(value: unknown): string {
  return String(value ?? '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}

/**
 * A `tariff_content_v2` as Tesla gives it back in site_info after a `time_of_use_settings` write:
 * normalised, not as sent. Its own key order (`code, name, utility, currency, version,
 * daily_charges, demand_charges, energy_charges, seasons, sell_tariff`; seasons `fromDay, toDay,
 * fromMonth, toMonth, tou_periods`), a `code` and a `version` added when absent, zero period fields
 * and zero daily charges left out, numbers reformatted (numeric text to numbers, prices to 4
 * decimals). The order and the omitted zeros are those of a stored tariff in python-tesla-fleet-api's
 * `tests/fixtures/tariff_moorinya_v2.json`; the code's spelling and the rounding are simulator
 * choices. Unknown keys are kept. A partner that compares the bytes it wrote fails here, as on Tesla.
 */
export function storedTariff(sent: Record<string, unknown>): Record<string, unknown> {
  const sell = isObject(sent.sell_tariff)
    ? ordered(sent.sell_tariff, ['name', 'utility', 'daily_charges', 'demand_charges', 'energy_charges', 'seasons'], {
        name: sent.sell_tariff.name,
        utility: sent.sell_tariff.utility,
        daily_charges: storedDailyCharges(sent.sell_tariff.daily_charges),
        demand_charges: storedCharges(sent.sell_tariff.demand_charges),
        energy_charges: storedCharges(sent.sell_tariff.energy_charges),
        seasons: storedSeasons(sent.sell_tariff.seasons),
      })
    : sent.sell_tariff;
  const code = typeof sent.code === 'string' && sent.code !== '' ? sent.code : `${slug(sent.utility) || 'CUSTOM'}:${slug(sent.name) || 'TARIFF'}`;
  return ordered(sent, ['code', 'name', 'utility', 'currency', 'version', 'daily_charges', 'demand_charges', 'energy_charges', 'seasons', 'sell_tariff'], {
    code,
    name: sent.name ?? '',
    utility: sent.utility ?? '',
    currency: sent.currency ?? 'USD',
    version: typeof sent.version === 'number' ? sent.version : 1,
    daily_charges: storedDailyCharges(sent.daily_charges ?? []),
    demand_charges: storedCharges(sent.demand_charges ?? {}),
    energy_charges: storedCharges(sent.energy_charges ?? {}),
    seasons: storedSeasons(sent.seasons),
    sell_tariff: sell,
  });
}
