import { computeBaseline, validateBaseline, type BaselineIssue, type BaselineSpec, type SameDayAdjustment } from './baselines.js';
import { alignedIntervalStarts, GridMeter, INTERVAL_MS, type GridSample, type IntervalQuality } from './grid-samples.js';
import { resolveTimeZone } from './local-clock.js';
import { kw, w, wh } from './rounding.js';

const HOUR_MS = 3_600_000;

export type EventMode = 'DISCHARGE' | 'CHARGE' | 'IDLE' | 'SELF_CONSUMPTION';

export interface SitePerformanceInput {
  event: { start: Date; end: Date; mode: EventMode };
  baseline: BaselineSpec;
  /** The site's IANA zone; null, empty or unknown → fallbackTimeZone, flagged timeZoneAssumed. */
  timeZone: string | null;
  fallbackTimeZone: string;
  /** All the site's stored grid samples from performanceSamplesFrom(...) to the event end. */
  samples: readonly GridSample[];
  /** Site-local dates (YYYY-MM-DD) with another event, skipped by X_OF_Y_DAYS. */
  excludedDays: readonly string[];
  /** The site's participation was overridden (e.g. by the customer); reported, not computed on. */
  override: boolean;
}

/** One 5-minute clock-aligned interval; kW to 3 decimals, Wh to 1; null where not measurable. */
export interface PerformanceInterval {
  start: Date;
  end: Date;
  baselineKw: number | null;
  meteredKw: number | null;
  deliveredKw: number | null;
  energyWh: number | null;
  quality: IntervalQuality;
}

export interface SiteDataQuality {
  /** MISSING intervals during the event (no sample inside, none in the 5 minutes before). */
  missingSamples: number;
  /** STALE intervals during the event (carried from the 5 minutes before). */
  staleSamples: number;
  override: boolean;
  timeZoneAssumed: boolean;
  /** The zone the computation used. */
  timeZone: string;
  /** X_OF_Y_DAYS: the chosen site-local dates, oldest first; [] for PRE_EVENT_WINDOW. */
  baselineDays: string[];
  /** NO_BASELINE_DATA: nothing to compare with; FEWER_DAYS_THAN_X: fewer days than asked. */
  baselineIssue: BaselineIssue | null;
}

/** Unrounded totals, for event aggregation (rounding happens once, at the output). */
export interface SiteTotalsExact {
  baselineW: number | null;
  meteredW: number | null;
  deliveredW: number | null;
  energyWh: number | null;
}

export interface SitePerformance {
  baselineMethod: BaselineSpec['method'];
  /** Time-weighted mean baseline over the event's intervals that have one (whole W). */
  baselineGridPowerW: number | null;
  /** Time-weighted mean metered grid power over the event's non-missing intervals (whole W). */
  meanGridPowerW: number | null;
  /** Time-weighted mean delivered power over the intervals with a delivered figure. */
  deliveredKw: number | null;
  /** Σ interval energy; null when no interval could be measured. */
  energyDeliveredWh: number | null;
  /** X_OF_Y_DAYS same-day adjustment, as applied (W, unrounded) — for audit. */
  baselineAdjustment: SameDayAdjustment | null;
  intervals: PerformanceInterval[];
  dataQuality: SiteDataQuality;
  unrounded: SiteTotalsExact;
}

/** Weighted mean accumulator; weight = the interval's share inside the event. */
class Mean {
  private sum = 0;
  private weight = 0;
  add(value: number | null, weight: number): void {
    if (value === null) return;
    this.sum += value * weight;
    this.weight += weight;
  }
  value(): number | null {
    return this.weight ? this.sum / this.weight : null;
  }
}

/**
 * Measured performance of one site over one event, per 5-minute clock-aligned interval covering
 * [start, end):
 *
 *   delivered_i = baseline_i − metered_i   (Tesla's grid sign, import positive: importing less or
 *                                           exporting more than the baseline is a positive delivery;
 *                                           DISCHARGE, IDLE, SELF_CONSUMPTION)
 *   delivered_i = metered_i − baseline_i   (CHARGE: the service is extra import)
 *   energy_i    = delivered_i × overlap_i  (Wh; overlap_i = the interval's time inside the event,
 *                                           5/60 h except for the edges of an event that is not
 *                                           clock-aligned)
 *
 * MISSING intervals have no metered, delivered or energy figure and stay out of every total. Site
 * means are weighted by overlap_i so partial edge intervals count for their share only.
 * Pure: no clock, no I/O. Throws RangeError on an invalid spec, window or fallback zone.
 */
export function computeSitePerformance(input: SitePerformanceInput): SitePerformance {
  const problems = validateBaseline(input.baseline);
  if (problems.length) throw new RangeError(`invalid baseline: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`);
  const startMs = input.event.start.getTime();
  const endMs = input.event.end.getTime();
  if (!(endMs > startMs)) throw new RangeError('event end must be after its start');

  const zone = resolveTimeZone(input.timeZone, input.fallbackTimeZone);
  const meter = new GridMeter(input.samples);
  // What the event itself metered: polled readings outside [start, end) do not count for the edge
  // intervals of an event that is not clock-aligned (before it starts the battery is still at its
  // baseline; after it ends, restores are still under way). A 5-minute bucket cannot be split.
  const eventMeter = new GridMeter(input.samples.filter((s) => s.periodS > 0 || (s.sampledAt.getTime() >= startMs && s.sampledAt.getTime() < endMs)));
  const starts = alignedIntervalStarts(startMs, endMs);
  const baseline = computeBaseline({ meter, spec: input.baseline, timeZone: zone.timeZone, eventStart: input.event.start, eventIntervals: starts, excludedDays: input.excludedDays });
  const sign = input.event.mode === 'CHARGE' ? -1 : 1;

  const baselineMean = new Mean();
  const meteredMean = new Mean();
  const deliveredMean = new Mean();
  let energyWh: number | null = null;
  let missingSamples = 0;
  let staleSamples = 0;

  const intervals = starts.map((t, i): PerformanceInterval => {
    const overlapMs = Math.min(t + INTERVAL_MS, endMs) - Math.max(t, startMs);
    const share = overlapMs / INTERVAL_MS;
    const { meteredW, quality } = eventMeter.at(t);
    const baselineW = baseline.baselineW[i] ?? null;
    const deliveredW = meteredW !== null && baselineW !== null ? sign * (baselineW - meteredW) : null;
    const intervalWh = deliveredW === null ? null : (deliveredW * overlapMs) / HOUR_MS;

    if (quality === 'missing') missingSamples += 1;
    if (quality === 'stale') staleSamples += 1;
    baselineMean.add(baselineW, share);
    meteredMean.add(meteredW, share);
    deliveredMean.add(deliveredW, share);
    if (intervalWh !== null) energyWh = (energyWh ?? 0) + intervalWh;

    return { start: new Date(t), end: new Date(t + INTERVAL_MS), baselineKw: kw(baselineW), meteredKw: kw(meteredW), deliveredKw: kw(deliveredW), energyWh: wh(intervalWh), quality };
  });

  const unrounded: SiteTotalsExact = { baselineW: baselineMean.value(), meteredW: meteredMean.value(), deliveredW: deliveredMean.value(), energyWh };
  return {
    baselineMethod: input.baseline.method,
    baselineGridPowerW: w(unrounded.baselineW),
    meanGridPowerW: w(unrounded.meteredW),
    deliveredKw: kw(unrounded.deliveredW),
    energyDeliveredWh: wh(unrounded.energyWh),
    baselineAdjustment: baseline.adjustment,
    intervals,
    dataQuality: {
      missingSamples,
      staleSamples,
      override: input.override,
      timeZoneAssumed: zone.assumed,
      timeZone: zone.timeZone,
      baselineDays: baseline.days,
      baselineIssue: baseline.issue,
    },
    unrounded,
  };
}
