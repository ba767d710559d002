import type { SameDayAdjustment } from './baseline-result.js';

/**
 * Same-day adjustment of an X-of-Y baseline (the CAISO / PG&E "day-of adjustment"), over the
 * adjustmentHours before the event on the event day:
 *
 *   A   = mean(metered_i − baseline_i)            over the window's intervals with both values
 *   cap = capPercent / 100 × mean(|baseline_i|)   over the same intervals
 *   A'  = clamp(A, −cap, +cap);  every event interval's baseline += A'
 *
 * Additive rather than the utilities' multiplicative ratio (metered / baseline): a ratio breaks
 * down for sites whose baseline is near zero or negative (solar + battery sites that export), where
 * it explodes or flips sign; an additive shift stays meaningful. No interval with both values → null
 * (the baseline stays unadjusted).
 */
export function sameDayAdjustment(metered: readonly (number | null)[], baseline: readonly (number | null)[], capPercent: number): SameDayAdjustment | null {
  let diffSum = 0;
  let absSum = 0;
  let count = 0;
  metered.forEach((m, i) => {
    const b = baseline[i];
    if (m === null || b === null || b === undefined) return;
    diffSum += m - b;
    absSum += Math.abs(b);
    count += 1;
  });
  if (!count) return null;
  const uncappedW = diffSum / count;
  const capW = (capPercent / 100) * (absSum / count);
  const adjustmentW = Math.min(capW, Math.max(-capW, uncappedW));
  return { adjustmentW, uncappedW, capW, capped: adjustmentW !== uncappedW, intervals: count };
}
