import type { BaselineResult } from './baseline-result.js';
import { MAX_LOOKBACK_DAYS, type BaselineSpec } from './baseline-spec.js';
import { alignDown, alignedIntervalStarts, INTERVAL_MS, type GridMeter } from './grid-samples.js';
import { localTime } from './local-clock.js';
import { preEventWindowBaseline } from './pre-event-window.js';
import { xOfYDaysBaseline } from './x-of-y-days.js';

export type { BaselineIssue, BaselineResult, SameDayAdjustment } from './baseline-result.js';
export { DEFAULT_BASELINE, MAX_LOOKBACK_DAYS, validateBaseline, type BaselineMethod, type BaselineProblem, type BaselineSpec } from './baseline-spec.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export interface BaselineInput {
  meter: GridMeter;
  spec: BaselineSpec;
  /** Resolved IANA zone of the site. */
  timeZone: string;
  eventStart: Date;
  /** Aligned starts (ms) of the event's intervals. */
  eventIntervals: readonly number[];
  excludedDays: readonly string[];
}

/**
 * The baseline per event interval. Both look-back windows end at the event's first clock-aligned
 * interval, so a window never overlaps the event.
 */
export function computeBaseline(input: BaselineInput): BaselineResult {
  const first = alignDown(input.eventStart.getTime());
  if (input.spec.method === 'PRE_EVENT_WINDOW') {
    return preEventWindowBaseline(input.meter, first, input.eventIntervals.length, input.spec.windowMinutes);
  }
  return xOfYDaysBaseline({
    meter: input.meter,
    timeZone: input.timeZone,
    eventDay: localTime(input.timeZone, input.eventStart.getTime()).day,
    eventIntervals: input.eventIntervals,
    adjustmentIntervals: input.spec.adjustmentHours > 0 ? alignedIntervalStarts(first - input.spec.adjustmentHours * HOUR_MS, first) : [],
    spec: input.spec,
    excludedDays: input.excludedDays,
  });
}

/**
 * The earliest sample time computeSitePerformance can use for an event, so callers load no more
 * than needed: the pre-event window (or, for X_OF_Y_DAYS, MAX_LOOKBACK_DAYS + 1 days for DST and
 * the adjustment window), plus one interval for a STALE carry into the first one.
 */
export function performanceSamplesFrom(eventStart: Date, spec: BaselineSpec): Date {
  const first = alignDown(eventStart.getTime());
  const back =
    spec.method === 'PRE_EVENT_WINDOW'
      ? spec.windowMinutes * 60_000
      : (MAX_LOOKBACK_DAYS + 1) * DAY_MS + spec.adjustmentHours * HOUR_MS;
  return new Date(first - back - INTERVAL_MS);
}
