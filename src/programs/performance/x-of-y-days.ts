import type { BaselineResult, SameDayAdjustment } from './baseline-result.js';
import { MAX_LOOKBACK_DAYS, type BaselineSpec } from './baseline-spec.js';
import type { GridMeter } from './grid-samples.js';
import { addDays, isWeekday } from './local-clock.js';
import { meanPerSlot, meterSlotsOn, slotsOf } from './local-slots.js';
import { sameDayAdjustment } from './same-day-adjustment.js';

export interface XOfYInput {
  meter: GridMeter;
  timeZone: string;
  /** The site-local date of the event start. */
  eventDay: string;
  /** Aligned starts (ms) of the event's intervals. */
  eventIntervals: readonly number[];
  /** Aligned starts (ms) of the same-day adjustment window, [first − adjustmentHours, first). */
  adjustmentIntervals: readonly number[];
  spec: BaselineSpec;
  /** Site-local dates (YYYY-MM-DD) to skip: the site's other event days. */
  excludedDays: readonly string[];
}

interface CandidateDay {
  day: string;
  /** Metered power (W) at each event slot on that day. */
  values: (number | null)[];
  /** Σ max(0, metered_i) over the window: the ranking key (an energy proxy; all intervals are 5 min). */
  importW: number;
}

/**
 * X_OF_Y_DAYS, after the CAISO 10-in-10 and PG&E 5-of-10 customer baselines:
 *
 * 1. Candidate days, newest first, back at most MAX_LOOKBACK_DAYS local days before the event day:
 *    Monday–Friday (site-local), not in `excludedDays`, and with at most half of the event window's
 *    intervals missing ("the event window" on a past day = the same local wall-clock times).
 * 2. The Y most recent candidates; of those, the X with the highest import Σ max(0, metered_i) over
 *    the window (ties: the more recent day). Fewer than X → all of them, flagged FEWER_DAYS_THAN_X.
 * 3. baseline_i = mean over the chosen days of that day's metered power at interval i's local clock
 *    slot (days missing that slot skipped).
 * 4. With adjustmentHours > 0: the additive same-day adjustment (see sameDayAdjustment).
 */
export function xOfYDaysBaseline(input: XOfYInput): BaselineResult {
  const { meter, timeZone, eventDay, spec } = input;
  const excluded = new Set(input.excludedDays);
  const slots = slotsOf(timeZone, eventDay, input.eventIntervals);

  const candidates: CandidateDay[] = [];
  for (let n = 1; n <= MAX_LOOKBACK_DAYS && candidates.length < spec.y; n++) {
    const day = addDays(eventDay, -n);
    if (!isWeekday(day) || excluded.has(day)) continue;
    const values = meterSlotsOn(meter, timeZone, day, slots);
    const missing = values.filter((w) => w === null).length;
    if (missing * 2 > values.length) continue;
    const importW = values.reduce<number>((sum, w) => sum + Math.max(0, w ?? 0), 0);
    candidates.push({ day, values, importW });
  }
  // Array sort is stable and candidates are newest first, so equal imports prefer the recent day.
  const chosen = [...candidates].sort((a, b) => b.importW - a.importW).slice(0, spec.x);
  if (!chosen.length) {
    return { baselineW: input.eventIntervals.map(() => null), days: [], issue: 'NO_BASELINE_DATA', adjustment: null };
  }

  let baselineW = meanPerSlot(chosen.map((c) => c.values), slots.length);
  let adjustment: SameDayAdjustment | null = null;
  if (spec.adjustmentHours > 0 && input.adjustmentIntervals.length) {
    const adjustmentSlots = slotsOf(timeZone, eventDay, input.adjustmentIntervals);
    const unadjusted = meanPerSlot(chosen.map((c) => meterSlotsOn(meter, timeZone, c.day, adjustmentSlots)), adjustmentSlots.length);
    const metered = input.adjustmentIntervals.map((t) => meter.at(t).meteredW);
    adjustment = sameDayAdjustment(metered, unadjusted, spec.adjustmentCapPercent);
    if (adjustment) {
      const shift = adjustment.adjustmentW;
      baselineW = baselineW.map((w) => (w === null ? null : w + shift));
    }
  }
  return {
    baselineW,
    days: chosen.map((c) => c.day).sort(),
    issue: chosen.length < spec.x ? 'FEWER_DAYS_THAN_X' : null,
    adjustment,
  };
}
