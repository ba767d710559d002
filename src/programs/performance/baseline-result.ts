/** Why a baseline is weaker than asked: none at all, or fewer than X days (X_OF_Y_DAYS). */
export type BaselineIssue = 'NO_BASELINE_DATA' | 'FEWER_DAYS_THAN_X';

export interface SameDayAdjustment {
  /** The additive adjustment applied to every event interval, after the cap (W). */
  adjustmentW: number;
  /** The adjustment before the cap (W). */
  uncappedW: number;
  /** The cap's magnitude (W). */
  capW: number;
  capped: boolean;
  /** Intervals of the adjustment window with both a metered value and a baseline. */
  intervals: number;
}

export interface BaselineResult {
  /** Baseline grid power (W) per event interval, in the event's interval order; null = none. */
  baselineW: (number | null)[];
  /** X_OF_Y_DAYS: the chosen site-local dates (YYYY-MM-DD, oldest first); [] otherwise. */
  days: string[];
  issue: BaselineIssue | null;
  /** X_OF_Y_DAYS with adjustmentHours > 0 and a baseline to adjust; null otherwise. */
  adjustment: SameDayAdjustment | null;
}
