import type { DispatchMode } from '../db/tables.js';
import type { FleetApiClient } from '../tesla/fleet-api-client.js';
import type { SiteInfo } from '../tesla/responses.js';

/** The customer's settings, as taken before a dispatch moves any lever, and put back afterwards. */
export interface SettingsSnapshot {
  backupReservePercent: number | null;
  operationMode: string | null;
  exportRule: string | null;
  disallowGridCharging: boolean | null;
  touSettings: Record<string, unknown> | null;
}

export function snapshotOf(info: SiteInfo): SettingsSnapshot {
  const c = info.components;
  return {
    backupReservePercent: info.backup_reserve_percent ?? null,
    operationMode: info.default_real_mode ?? null,
    exportRule: c?.customer_preferred_export_rule ?? null,
    disallowGridCharging: c?.disallow_charge_from_grid_with_solar_installed ?? null,
    touSettings: { schedule: info.tou_settings?.schedule ?? null, tariff_content_v2: info.tariff_content_v2 ?? null },
  };
}

/**
 * One Fleet API call of a plan. `done` reads the current site_info, so a step that a crashed run
 * already applied is not sent again (Tesla has no idempotency keys; read-before-write is ours).
 */
export interface PlanStep {
  /** Which setting it moves: a restore step and a lever step of the same setting share it. */
  lever: 'reserve' | 'mode' | 'exportRule' | 'gridCharging' | 'tariff';
  name: string;
  done(info: SiteInfo): boolean;
  send(client: FleetApiClient, energySiteId: string): Promise<unknown>;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Every day of the week, 00:00 to 24:00. Tesla's own tariffs end the day with `toHour: 24` and
 * leave zero fields out (python-tesla-fleet-api `tests/fixtures/tariff_moorinya_v2.json`, a
 * site_info capture); fields are written out here, absent and 0 mean the same to Tesla.
 */
const ALL_DAY = { fromDayOfWeek: 0, toDayOfWeek: 6, fromHour: 0, fromMinute: 0, toHour: 24, toMinute: 0 };
const ALL_YEAR = 'ALL_YEAR';

/**
 * A complete `tariff_content_v2` with one period covering every hour of the year, shaped like the
 * tariffs Tesla itself returns in site_info (tesla-fleet-api.md §5.5; python-tesla-fleet-api's
 * `tariff_moorinya_v2.json`): code, name, utility, currency, daily and demand charges, buy rates
 * per season and period, and a sell tariff with its own seasons and a rate for every period.
 */
function singlePeriodTariff(code: string, name: string, period: string, buy: number, sell: number, currency: string): Json {
  const seasons = () => ({ [ALL_YEAR]: { fromMonth: 1, fromDay: 1, toMonth: 12, toDay: 31, tou_periods: { [period]: { periods: [{ ...ALL_DAY }] } } } });
  return {
    code,
    name,
    utility: 'derms-gateway',
    currency,
    daily_charges: [{ name: 'Charge', amount: 0 }],
    demand_charges: { ALL: { rates: { ALL: 0 } }, [ALL_YEAR]: {} },
    energy_charges: { ALL: { rates: { ALL: 0 } }, [ALL_YEAR]: { rates: { [period]: buy } } },
    seasons: seasons(),
    sell_tariff: {
      name: `${name} (sell)`,
      utility: 'derms-gateway',
      daily_charges: [{ name: 'Charge', amount: 0 }],
      demand_charges: { ALL: { rates: { ALL: 0 } }, [ALL_YEAR]: {} },
      energy_charges: { ALL: { rates: { ALL: 0 } }, [ALL_YEAR]: { rates: { [period]: sell } } },
      seasons: seasons(),
    },
  };
}

/** The customer's currency when Tesla showed their tariff, so the app shows the event in it. */
function currencyOf(snapshot: SettingsSnapshot): string {
  const tariff = snapshot.touSettings?.['tariff_content_v2'];
  return isObject(tariff) && typeof tariff['currency'] === 'string' && tariff['currency'] ? tariff['currency'] : 'USD';
}

/**
 * The Fleet API has no "discharge at X kW": a discharge is time-based control under a tariff whose
 * every hour is peak, so the Powerwall sells what it can (down to the reserve) for the event.
 */
function allDayPeakTariff(currency: string): Json {
  return singlePeriodTariff('DERMS_GATEWAY:DISPATCH_DISCHARGE', 'derms-gateway dispatch (all day peak)', 'ON_PEAK', 0.6, 0.5, currency);
}

/**
 * A charge is time-based control under a tariff whose every hour is off-peak, with a 100 % reserve:
 * Tesla's documented way for a Powerwall to charge from the grid (when grid charging is allowed).
 * The undocumented `backup` operation mode (tesla-fleet-api.md §10.14, §11) is not used.
 */
function allDayOffPeakTariff(currency: string): Json {
  return singlePeriodTariff('DERMS_GATEWAY:DISPATCH_CHARGE', 'derms-gateway dispatch (all day off-peak)', 'OFF_PEAK', 0.1, 0.05, currency);
}

const PERIOD_NAME: Record<string, string> = { peak: 'ON_PEAK', partial_peak: 'PARTIAL_PEAK', off_peak: 'OFF_PEAK' };
/**
 * Tesla reports only a schedule for such a site, not its prices: the rebuilt tariff keeps the
 * periods and gives them prices in the same order (peak dearest), which is what the Powerwall's
 * time-based control acts on.
 */
const REBUILT_RATES: Record<string, { buy: number; sell: number }> = { ON_PEAK: { buy: 0.4, sell: 0.1 }, PARTIAL_PEAK: { buy: 0.25, sell: 0.07 }, OFF_PEAK: { buy: 0.12, sell: 0.04 } };

type ScheduleRow = { target: string; week_days?: number[] | null; start_seconds: number; end_seconds: number };

/** A complete tariff with the periods of a reported `tou_settings.schedule`; null when it has none. */
function tariffFromSchedule(schedule: readonly ScheduleRow[], currency: string): Json | null {
  if (!schedule.length) return null;
  const periods: Record<string, { periods: Record<string, number>[] }> = {};
  for (const row of schedule) {
    const name = PERIOD_NAME[row.target] ?? 'OFF_PEAK';
    // A row without week_days (seen in Home Assistant fixtures) applies to every day.
    for (const day of row.week_days ?? [0, 1, 2, 3, 4, 5, 6]) {
      (periods[name] ??= { periods: [] }).periods.push({
        fromDayOfWeek: day,
        toDayOfWeek: day,
        fromHour: Math.floor(row.start_seconds / 3600),
        fromMinute: Math.floor((row.start_seconds % 3600) / 60),
        toHour: Math.floor(row.end_seconds / 3600) % 24,
        toMinute: Math.floor((row.end_seconds % 3600) / 60),
      });
    }
  }
  const rates = (side: 'buy' | 'sell') => Object.fromEntries(Object.keys(periods).map((p) => [p, REBUILT_RATES[p]![side]]));
  const seasons = () => ({ [ALL_YEAR]: { fromMonth: 1, fromDay: 1, toMonth: 12, toDay: 31, tou_periods: periods } });
  return {
    code: 'DERMS_GATEWAY:RESTORED',
    name: 'restored by derms-gateway',
    utility: 'derms-gateway',
    currency,
    daily_charges: [{ name: 'Charge', amount: 0 }],
    demand_charges: { ALL: { rates: { ALL: 0 } }, [ALL_YEAR]: {} },
    energy_charges: { ALL: { rates: { ALL: 0 } }, [ALL_YEAR]: { rates: rates('buy') } },
    seasons: seasons(),
    sell_tariff: { name: 'restored by derms-gateway (sell)', utility: 'derms-gateway', energy_charges: { ALL: { rates: { ALL: 0 } }, [ALL_YEAR]: { rates: rates('sell') } }, seasons: seasons() },
  };
}

/** The customer's own tariff back: as Tesla gave it when it did, else rebuilt from the schedule it reported. */
function tariffToRestore(snapshot: SettingsSnapshot): Json | null {
  const tou = snapshot.touSettings;
  if (!tou) return null;
  if (isObject(tou['tariff_content_v2'])) return tou['tariff_content_v2'];
  return tariffFromSchedule(Array.isArray(tou['schedule']) ? (tou['schedule'] as ScheduleRow[]) : [], currencyOf(snapshot));
}

// ---- What a tariff means -------------------------------------------------------------------
//
// Tesla stores a tariff written through time_of_use_settings and gives it back in site_info
// normalised: its own key order, fields added (`code`, `version`), zero fields left out, numbers
// reformatted (python-tesla-fleet-api's fixtures show the stored form; tesla-fleet-api.md §11). So a
// written tariff is recognised by what it means, never by its bytes: the seasons with their dates
// and periods, the buy and sell rate of every period, and the daily and demand charges. Names,
// codes, versions, utility and key order do not matter.

/** A number as Tesla may send it (number, numeric text, absent = 0). */
function num(value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return 0;
}

interface PeriodMeaning {
  days: number[];
  startMinute: number;
  endMinute: number;
}

/** fromDayOfWeek..toDayOfWeek inclusive (6..0 wraps); times as minutes, 24:00 the same as 00:00. */
function periodMeaning(p: Json): PeriodMeaning {
  const from = Math.min(6, Math.max(0, num(p['fromDayOfWeek'])));
  const to = Math.min(6, Math.max(0, num(p['toDayOfWeek'])));
  const days: number[] = [];
  for (let day = from; days.length < 7; day = (day + 1) % 7) {
    days.push(day);
    if (day === to) break;
  }
  return {
    days: days.sort((a, b) => a - b),
    startMinute: (num(p['fromHour']) * 60 + num(p['fromMinute'])) % 1440,
    endMinute: (num(p['toHour']) * 60 + num(p['toMinute'])) % 1440,
  };
}

type SeasonsMeaning = Record<string, { from: number; to: number; periods: Record<string, string[]> }>;

/** Seasons with at least one period; a season without dates (Tesla leaves them 0) is the whole year. */
function seasonsMeaning(seasons: unknown): SeasonsMeaning {
  const out: SeasonsMeaning = {};
  if (!isObject(seasons)) return out;
  for (const [name, season] of Object.entries(seasons)) {
    if (!isObject(season) || !isObject(season['tou_periods'])) continue;
    const periods: Record<string, string[]> = {};
    for (const [period, entry] of Object.entries(season['tou_periods'])) {
      // Older tariffs put the list straight under the period name.
      const list = isObject(entry) ? entry['periods'] : entry;
      if (!Array.isArray(list)) continue;
      const rows = list.filter(isObject).map((p) => JSON.stringify(periodMeaning(p)));
      if (rows.length) periods[period] = rows.sort();
    }
    if (!Object.keys(periods).length) continue;
    const dated = num(season['fromMonth']) >= 1 && num(season['toMonth']) >= 1;
    out[name] = {
      from: dated ? num(season['fromMonth']) * 100 + Math.max(1, num(season['fromDay'])) : 101,
      to: dated ? num(season['toMonth']) * 100 + Math.max(1, num(season['toDay']) || 31) : 1231,
      periods,
    };
  }
  return out;
}

/** `{Season: {rates: {PERIOD: price}}}`; seasons without rates (Tesla adds empty ones) drop out. */
function ratesMeaning(charges: unknown, keepZero: boolean): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  if (!isObject(charges)) return out;
  for (const [season, entry] of Object.entries(charges)) {
    const rates = isObject(entry) ? entry['rates'] : undefined;
    if (!isObject(rates)) continue;
    const kept = Object.entries(rates)
      .map(([period, price]) => [period, num(price)] as const)
      .filter(([, price]) => keepZero || price !== 0);
    if (kept.length) out[season] = Object.fromEntries(kept);
  }
  return out;
}

/** Daily charges by name; zero ones (Tesla writes `{"name":"Charge"}` without an amount) drop out. */
function dailyMeaning(charges: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (!Array.isArray(charges)) return out;
  for (const charge of charges.filter(isObject)) {
    const amount = num(charge['amount']);
    if (amount !== 0) out[String(charge['name'] ?? '')] = (out[String(charge['name'] ?? '')] ?? 0) + amount;
  }
  return out;
}

/** What a `tariff_content_v2` means; a sell tariff without seasons of its own uses the buy seasons. */
export function tariffMeaning(tariff: unknown): unknown {
  if (!isObject(tariff)) return null;
  const sell = isObject(tariff['sell_tariff']) ? tariff['sell_tariff'] : {};
  const buySeasons = seasonsMeaning(tariff['seasons']);
  const sellSeasons = seasonsMeaning(sell['seasons']);
  return {
    seasons: buySeasons,
    // A zero buy or sell price is a real price (a free export is not a missing one).
    energy: ratesMeaning(tariff['energy_charges'], true),
    demand: ratesMeaning(tariff['demand_charges'], false),
    daily: dailyMeaning(tariff['daily_charges']),
    sellSeasons: Object.keys(sellSeasons).length ? sellSeasons : buySeasons,
    sellEnergy: ratesMeaning(sell['energy_charges'], true),
    sellDemand: ratesMeaning(sell['demand_charges'], false),
    sellDaily: dailyMeaning(sell['daily_charges']),
  };
}

/** Prices equal to a hundredth of a cent (Tesla reformats numbers); everything else exactly. */
function sameMeaning(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= 1e-4 + 1e-9;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameMeaning(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && sameMeaning(a[k], b[k]));
  }
  return a === b;
}

/** Whether two `tariff_content_v2` documents mean the same tariff (see above). */
export function sameTariff(a: unknown, b: unknown): boolean {
  return sameMeaning(tariffMeaning(a), tariffMeaning(b));
}

/** The tariff a site runs: its `tariff_content_v2`, else the one its reported schedule stands for. */
function tariffOfSite(info: SiteInfo, currency: string): unknown {
  return info.tariff_content_v2 ?? tariffFromSchedule(info.tou_settings?.schedule ?? [], currency);
}

/** A lever is sent once per try: after a timeout or a 5xx, DispatchSteps reads the site back first. */
const ONCE = { retryAmbiguous: false } as const;

const reserve = (percent: number): PlanStep => ({
  lever: 'reserve',
  name: `backup reserve ${percent} %`,
  done: (info) => info.backup_reserve_percent === percent,
  send: (client, id) => client.setBackupReserve(id, percent, ONCE),
});
const mode = (value: 'self_consumption' | 'autonomous' | 'backup'): PlanStep => ({
  lever: 'mode',
  name: `operation mode ${value}`,
  done: (info) => info.default_real_mode === value,
  send: (client, id) => client.setOperationMode(id, value, ONCE),
});
const exportRule = (value: 'pv_only' | 'battery_ok' | 'never'): PlanStep => ({
  lever: 'exportRule',
  name: `export rule ${value}`,
  done: (info) => info.components?.customer_preferred_export_rule === value,
  send: (client, id) => client.setGridImportExport(id, { exportRule: value }, ONCE),
});
const gridCharging = (disallow: boolean): PlanStep => ({
  lever: 'gridCharging',
  name: disallow ? 'grid charging off' : 'grid charging on',
  done: (info) => (info.components?.disallow_charge_from_grid_with_solar_installed ?? false) === disallow,
  send: (client, id) => client.setGridImportExport(id, { disallowChargeFromGridWithSolarInstalled: disallow }, ONCE),
});
/** Done when the site runs a tariff that means the same (never a byte compare: Tesla normalises it). */
const tariff = (content: Json, label: string): PlanStep => ({
  lever: 'tariff',
  name: label,
  done: (info) => sameTariff(tariffOfSite(info, typeof content['currency'] === 'string' ? content['currency'] : 'USD'), content),
  send: (client, id) => client.setTimeOfUseSettings(id, { tariff_content_v2: content }, ONCE),
});

/** The levers a mode needs (DESIGN §8), after the customer's export/grid-charging consent when asked. */
export function leverSteps(dispatchMode: DispatchMode, enableGridInteraction: boolean, snapshot: SettingsSnapshot, stateOfCharge: number | null): PlanStep[] {
  switch (dispatchMode) {
    case 'DISCHARGE':
      return [...(enableGridInteraction ? [exportRule('battery_ok')] : []), tariff(allDayPeakTariff(currencyOf(snapshot)), 'all-day peak tariff'), reserve(0), mode('autonomous')];
    case 'CHARGE':
      // Documented levers only: time-based control, every hour off-peak, reserve 100 % (grid
      // charging allowed when asked). Not `default_real_mode: backup`, which Tesla's energy
      // endpoint docs do not list for writes (tesla-fleet-api.md §10.14, §11).
      return [...(enableGridInteraction ? [gridCharging(false)] : []), tariff(allDayOffPeakTariff(currencyOf(snapshot)), 'all-day off-peak tariff'), reserve(100), mode('autonomous')];
    case 'IDLE':
      // Hold the charge where it is: the battery neither discharges below it nor is pushed to charge.
      return [reserve(Math.max(0, Math.min(100, Math.round(stateOfCharge ?? snapshot.backupReservePercent ?? 20)))), mode('self_consumption')];
    case 'SELF_CONSUMPTION':
      return [mode('self_consumption')];
  }
}

/** What puts the customer's settings back, in the reverse order of the levers. */
export function restoreSteps(snapshot: SettingsSnapshot): PlanStep[] {
  const steps: PlanStep[] = [];
  const restoredTariff = tariffToRestore(snapshot);
  if (restoredTariff) steps.push(tariff(restoredTariff, 'customer tariff'));
  // `backup` is only ever sent back to a site whose owner had it set: it is their setting.
  if (snapshot.operationMode === 'self_consumption' || snapshot.operationMode === 'autonomous' || snapshot.operationMode === 'backup') steps.push(mode(snapshot.operationMode));
  if (snapshot.backupReservePercent !== null) steps.push(reserve(snapshot.backupReservePercent));
  if (snapshot.disallowGridCharging !== null) steps.push(gridCharging(snapshot.disallowGridCharging));
  if (snapshot.exportRule === 'pv_only' || snapshot.exportRule === 'battery_ok' || snapshot.exportRule === 'never') steps.push(exportRule(snapshot.exportRule));
  return steps;
}

/** Whether live battery power shows the intended movement (Tesla: positive = discharging). */
export function batteryResponded(dispatchMode: DispatchMode, batteryPowerW: number): boolean {
  switch (dispatchMode) {
    case 'DISCHARGE':
      return batteryPowerW > 100;
    case 'CHARGE':
      return batteryPowerW < -100;
    default:
      return true;
  }
}

/**
 * The levers a dispatch set that can be compared with the site afterwards. IDLE's reserve is the
 * state of charge at dispatch time, which is not kept, so that lever is left out.
 */
export function comparableLevers(dispatch: { mode: DispatchMode; enable_grid_interaction: boolean }, snapshot: SettingsSnapshot): PlanStep[] {
  return leverSteps(dispatch.mode, dispatch.enable_grid_interaction, snapshot, null).filter((step) => !(dispatch.mode === 'IDLE' && step.lever === 'reserve'));
}
