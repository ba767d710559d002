import type { BaselineResult } from './baseline-result.js';
import { INTERVAL_MS, type GridMeter } from './grid-samples.js';

/**
 * PRE_EVENT_WINDOW: one flat baseline for the whole event,
 *
 *   B = mean(metered_i) over the windowMinutes / 5 intervals just before the event's first interval,
 *
 * missing intervals skipped (stale ones count). The usual telemetry-only baseline for battery
 * dispatch, where the site's behaviour just before the event is the best guess of what it would
 * have kept doing. No metered interval in the window → no baseline (every delivered figure null).
 */
export function preEventWindowBaseline(meter: GridMeter, firstIntervalMs: number, intervalCount: number, windowMinutes: number): BaselineResult {
  let sum = 0;
  let count = 0;
  for (let t = firstIntervalMs - windowMinutes * 60_000; t < firstIntervalMs; t += INTERVAL_MS) {
    const w = meter.at(t).meteredW;
    if (w === null) continue;
    sum += w;
    count += 1;
  }
  const baselineW = count ? sum / count : null;
  return {
    baselineW: new Array<number | null>(intervalCount).fill(baselineW),
    days: [],
    issue: baselineW === null ? 'NO_BASELINE_DATA' : null,
    adjustment: null,
  };
}
