import { addFlows, BUCKET_MS, emptyFlows, roundFlows, type PowerFlows } from '../physics/energy-ledger.js';
import type { SitePhysics } from '../physics/site-physics.js';
import { formatLocalIso, startOfLocalDay } from '../time/time-zone.js';

/**
 * `calendar_history?kind=energy` from the site's energy ledger (tesla-fleet-api.md §5.4): 5-minute
 * buckets for period=day, one bucket per local day for longer periods. Each flow is rounded to
 * whole Wh first and the totals are sums of rounded flows, so every item balances exactly.
 */

export type HistoryPeriod = 'day' | 'week' | 'month' | 'year' | 'lifetime';
export const HISTORY_PERIODS: readonly HistoryPeriod[] = ['day', 'week', 'month', 'year', 'lifetime'];

function historyItem(timestamp: string, raw: PowerFlows) {
  const f = roundFlows(raw);
  return {
    timestamp,
    solar_energy_exported: f.solarToHome + f.solarToBattery + f.solarToGrid,
    generator_energy_exported: 0,
    grid_energy_imported: f.gridToHome + f.gridToBattery,
    grid_services_energy_imported: 0,
    grid_services_energy_exported: 0,
    grid_energy_exported_from_solar: f.solarToGrid,
    grid_energy_exported_from_generator: 0,
    grid_energy_exported_from_battery: f.batteryToGrid,
    battery_energy_exported: f.batteryToHome + f.batteryToGrid,
    battery_energy_imported_from_grid: f.gridToBattery,
    battery_energy_imported_from_solar: f.solarToBattery,
    battery_energy_imported_from_generator: 0,
    consumer_energy_imported_from_grid: f.gridToHome,
    consumer_energy_imported_from_solar: f.solarToHome,
    consumer_energy_imported_from_battery: f.batteryToHome,
    consumer_energy_imported_from_generator: 0,
    total_home_usage: f.solarToHome + f.batteryToHome + f.gridToHome,
    total_battery_charge: f.solarToBattery + f.gridToBattery,
    total_battery_discharge: f.batteryToHome + f.batteryToGrid,
    total_solar_generation: f.solarToHome + f.solarToBattery + f.solarToGrid,
    total_grid_energy_exported: f.solarToGrid + f.batteryToGrid,
  };
}

export type EnergyHistoryItem = ReturnType<typeof historyItem>;

export interface HistoryWindow {
  startMs: number;
  endMs: number;
  period: HistoryPeriod;
  timeZone: string;
}

export function energyHistoryJson(physics: SitePhysics, window: HistoryWindow, now: number) {
  physics.completeHistory();
  physics.advanceTo(now);
  const from = Math.max(window.startMs, physics.originMs);
  const until = Math.min(window.endMs, physics.simulatedUntil);
  const series: EnergyHistoryItem[] = [];
  const firstBucket = Math.ceil(from / BUCKET_MS) * BUCKET_MS;

  if (window.period === 'day') {
    for (let t = firstBucket; t < until; t += BUCKET_MS) {
      series.push(historyItem(formatLocalIso(t, window.timeZone), physics.ledger.bucket(t) ?? emptyFlows()));
    }
  } else {
    let dayStart: number | null = null;
    let day = emptyFlows();
    for (let t = firstBucket; t < until; t += BUCKET_MS) {
      const bucketDay = startOfLocalDay(window.timeZone, t);
      if (dayStart !== null && bucketDay !== dayStart) {
        series.push(historyItem(formatLocalIso(dayStart, window.timeZone), day));
        day = emptyFlows();
      }
      dayStart = bucketDay;
      const bucket = physics.ledger.bucket(t);
      if (bucket) addFlows(day, bucket);
    }
    if (dayStart !== null) series.push(historyItem(formatLocalIso(dayStart, window.timeZone), day));
  }
  return { period: window.period, installation_time_zone: physics.site.timeZone, time_series: series };
}
