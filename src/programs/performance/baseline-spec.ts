/** How a program estimates what each site would have drawn from the grid without the event. */

export type BaselineMethod = 'PRE_EVENT_WINDOW' | 'X_OF_Y_DAYS';

export interface BaselineSpec {
  method: BaselineMethod;
  /** PRE_EVENT_WINDOW: minutes before the event start averaged into the flat baseline. */
  windowMinutes: number;
  /** X_OF_Y_DAYS: the X highest-import days among the Y most recent eligible ones. */
  x: number;
  y: number;
  /** X_OF_Y_DAYS: hours before the event start used for the same-day adjustment; 0 = none. */
  adjustmentHours: number;
  /** X_OF_Y_DAYS: the adjustment's cap, as a percentage of the mean unadjusted baseline. */
  adjustmentCapPercent: number;
}

/**
 * Defaults: a 60-minute pre-event window (the simple, telemetry-only choice for battery fleets);
 * for X_OF_Y_DAYS PG&E's 5-of-10 with a 3-hour same-day adjustment capped at ±20 % (CAISO's
 * 10-in-10 is x 10, y 10).
 */
export const DEFAULT_BASELINE: Readonly<BaselineSpec> = Object.freeze({
  method: 'PRE_EVENT_WINDOW',
  windowMinutes: 60,
  x: 5,
  y: 10,
  adjustmentHours: 3,
  adjustmentCapPercent: 20,
});

/** The furthest back X_OF_Y_DAYS looks for eligible days, in local calendar days before the event day. */
export const MAX_LOOKBACK_DAYS = 45;

export interface BaselineProblem {
  field: keyof BaselineSpec;
  message: string;
}

const between = (value: number, min: number, max: number): boolean => Number.isFinite(value) && value >= min && value <= max;

/** Every problem with a spec (empty when valid); all fields are checked whatever the method. */
export function validateBaseline(spec: BaselineSpec): BaselineProblem[] {
  const problems: BaselineProblem[] = [];
  if (spec.method !== 'PRE_EVENT_WINDOW' && spec.method !== 'X_OF_Y_DAYS') problems.push({ field: 'method', message: 'must be PRE_EVENT_WINDOW or X_OF_Y_DAYS' });
  if (!between(spec.windowMinutes, 5, 1440) || spec.windowMinutes % 5 !== 0) problems.push({ field: 'windowMinutes', message: 'must be a multiple of 5 between 5 and 1440' });
  if (!Number.isInteger(spec.x) || spec.x < 1 || spec.x > 30) problems.push({ field: 'x', message: 'must be a whole number between 1 and 30' });
  if (!Number.isInteger(spec.y) || spec.y < 1 || spec.y > 30) problems.push({ field: 'y', message: 'must be a whole number between 1 and 30' });
  else if (Number.isInteger(spec.x) && spec.x > spec.y) problems.push({ field: 'x', message: 'must not exceed y' });
  // Whole 5-minute intervals only, so the adjustment window is exactly the stated length.
  if (!between(spec.adjustmentHours, 0, 12) || (spec.adjustmentHours * 60) % 5 !== 0) problems.push({ field: 'adjustmentHours', message: 'must be between 0 and 12, in steps of 5 minutes' });
  if (!between(spec.adjustmentCapPercent, 0, 100)) problems.push({ field: 'adjustmentCapPercent', message: 'must be between 0 and 100' });
  return problems;
}
