import { kw, wh } from './rounding.js';
import type { SitePerformance } from './site-performance.js';

export interface EventPerformanceTotals {
  /** Σ site mean baselines (kW). */
  baselineKw: number | null;
  /** Σ site mean delivered power (kW): the event's average delivered capacity. */
  deliveredKw: number | null;
  /** Σ site energy (Wh). */
  energyDeliveredWh: number | null;
}

function sum(values: (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length ? present.reduce((a, b) => a + b, 0) : null;
}

/**
 * Event totals as the sum over sites of their unrounded figures (portfolio performance is the sum of
 * the sites'); sites without a figure are left out, and a total no site has is null.
 */
export function aggregateEventPerformance(sites: readonly Pick<SitePerformance, 'unrounded'>[]): EventPerformanceTotals {
  const baselineW = sum(sites.map((s) => s.unrounded.baselineW));
  const deliveredW = sum(sites.map((s) => s.unrounded.deliveredW));
  return {
    baselineKw: baselineW === null ? null : kw(baselineW),
    deliveredKw: deliveredW === null ? null : kw(deliveredW),
    energyDeliveredWh: wh(sum(sites.map((s) => s.unrounded.energyWh))),
  };
}
