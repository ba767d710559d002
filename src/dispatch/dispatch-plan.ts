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

const ALL_DAY = { fromDayOfWeek: 0, toDayOfWeek: 6, fromHour: 0, fromMinute: 0, toHour: 0, toMinute: 0 };

/**
 * The Fleet API has no "discharge at X kW": a discharge is time-based control under a tariff whose
 * every hour is peak, so the Powerwall sells what it can (down to the reserve) for the event.
 */
function allDayPeakTariff(): Record<string, unknown> {
  return {
    name: 'derms-gateway dispatch (all day peak)',
    utility: 'derms-gateway',
    currency: 'USD',
    daily_charges: [],
    demand_charges: {},
    energy_charges: { 'All Year': { rates: { ON_PEAK: 0.6 } } },
    seasons: { 'All Year': { fromMonth: 1, fromDay: 1, toMonth: 12, toDay: 31, tou_periods: { ON_PEAK: { periods: [ALL_DAY] } } } },
    sell_tariff: { energy_charges: { 'All Year': { rates: { ON_PEAK: 0.5 } } } },
  };
}

const PERIOD_NAME: Record<string, string> = { peak: 'ON_PEAK', partial_peak: 'PARTIAL_PEAK', off_peak: 'OFF_PEAK' };

/** The customer's own tariff back: verbatim when Tesla gave it, else rebuilt from the schedule it reported. */
function tariffToRestore(snapshot: SettingsSnapshot): Record<string, unknown> | null {
  const tou = snapshot.touSettings;
  if (!tou) return null;
  if (tou['tariff_content_v2'] && typeof tou['tariff_content_v2'] === 'object') return tou['tariff_content_v2'] as Record<string, unknown>;
  const schedule = Array.isArray(tou['schedule']) ? (tou['schedule'] as { target: string; week_days?: number[] | null; start_seconds: number; end_seconds: number }[]) : [];
  if (!schedule.length) return null;
  const periods: Record<string, { periods: Record<string, number>[] }> = {};
  for (const row of schedule) {
    const name = PERIOD_NAME[row.target] ?? 'OFF_PEAK';
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
  return {
    name: 'restored by derms-gateway',
    utility: 'derms-gateway',
    currency: 'USD',
    daily_charges: [],
    demand_charges: {},
    energy_charges: {},
    seasons: { 'All Year': { fromMonth: 1, fromDay: 1, toMonth: 12, toDay: 31, tou_periods: periods } },
    sell_tariff: {},
  };
}

const reserve = (percent: number): PlanStep => ({
  lever: 'reserve',
  name: `backup reserve ${percent} %`,
  done: (info) => info.backup_reserve_percent === percent,
  send: (client, id) => client.setBackupReserve(id, percent),
});
const mode = (value: 'self_consumption' | 'autonomous' | 'backup'): PlanStep => ({
  lever: 'mode',
  name: `operation mode ${value}`,
  done: (info) => info.default_real_mode === value,
  send: (client, id) => client.setOperationMode(id, value),
});
const exportRule = (value: 'pv_only' | 'battery_ok' | 'never'): PlanStep => ({
  lever: 'exportRule',
  name: `export rule ${value}`,
  done: (info) => info.components?.customer_preferred_export_rule === value,
  send: (client, id) => client.setGridImportExport(id, { exportRule: value }),
});
const gridCharging = (disallow: boolean): PlanStep => ({
  lever: 'gridCharging',
  name: disallow ? 'grid charging off' : 'grid charging on',
  done: (info) => (info.components?.disallow_charge_from_grid_with_solar_installed ?? false) === disallow,
  send: (client, id) => client.setGridImportExport(id, { disallowChargeFromGridWithSolarInstalled: disallow }),
});
const tariff = (content: Record<string, unknown>, label: string): PlanStep => ({
  lever: 'tariff',
  name: label,
  done: (info) => JSON.stringify(info.tariff_content_v2 ?? null) === JSON.stringify(content),
  send: (client, id) => client.setTimeOfUseSettings(id, { tariff_content_v2: content }),
});

/** The levers a mode needs (DESIGN §8), after the customer's export/grid-charging consent when asked. */
export function leverSteps(dispatchMode: DispatchMode, enableGridInteraction: boolean, snapshot: SettingsSnapshot, stateOfCharge: number | null): PlanStep[] {
  switch (dispatchMode) {
    case 'DISCHARGE':
      return [...(enableGridInteraction ? [exportRule('battery_ok')] : []), tariff(allDayPeakTariff(), 'all-day peak tariff'), reserve(0), mode('autonomous')];
    case 'CHARGE':
      return [...(enableGridInteraction ? [gridCharging(false)] : []), reserve(100), mode('backup')];
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
