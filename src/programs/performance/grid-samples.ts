/**
 * Interval metering for measurement and verification (M&V): stored grid telemetry turned into one
 * metered power per 5-minute clock-aligned interval. Utilities settle VPP/DR performance on 5-minute
 * (or coarser) interval data, so every baseline and delivered figure is built on this grid.
 */

/** Length of one settlement interval. Intervals start at UTC epoch multiples of it. */
export const INTERVAL_MS = 300_000;

/**
 * A stored grid reading (Tesla's sign: positive = importing).
 * - `periodS` 0: a polled, instantaneous reading at `sampledAt`;
 * - `periodS` > 0 (calendar_history: 300): the average over [sampledAt, sampledAt + periodS).
 */
export interface GridSample {
  sampledAt: Date;
  periodS: number;
  gridPowerW: number | null;
}

/** ok: samples inside the interval; stale: carried from the 5 minutes before; missing: nothing. */
export type IntervalQuality = 'ok' | 'stale' | 'missing';

export interface MeteredPoint {
  meteredW: number | null;
  quality: IntervalQuality;
}

export interface MeteredInterval extends MeteredPoint {
  start: Date;
  end: Date;
}

/** Start (ms) of the clock-aligned interval containing `ms`. */
export function alignDown(ms: number): number {
  return Math.floor(ms / INTERVAL_MS) * INTERVAL_MS;
}

/** Starts (ms) of the clock-aligned intervals covering [startMs, endMs): the first may begin before startMs. */
export function alignedIntervalStarts(startMs: number, endMs: number): number[] {
  const starts: number[] = [];
  for (let t = alignDown(startMs); t < endMs; t += INTERVAL_MS) starts.push(t);
  return starts;
}

interface Cell {
  pollSum: number;
  pollCount: number;
  bucketSum: number;
  bucketCount: number;
  /** The latest sample in the interval, for a STALE carry into the next one. */
  lastAt: number;
  lastW: number;
}

/**
 * Indexes samples by interval once, so baselines can meter thousands of past intervals cheaply
 * (45 days of 30-second polling is ~130 000 samples).
 */
export class GridMeter {
  private readonly cells = new Map<number, Cell>();

  constructor(samples: readonly GridSample[]) {
    for (const sample of samples) {
      const w = sample.gridPowerW;
      if (w === null || !Number.isFinite(w)) continue; // no reading: not evidence of zero power
      const at = sample.sampledAt.getTime();
      const key = Math.floor(at / INTERVAL_MS);
      let cell = this.cells.get(key);
      if (!cell) {
        cell = { pollSum: 0, pollCount: 0, bucketSum: 0, bucketCount: 0, lastAt: -Infinity, lastW: 0 };
        this.cells.set(key, cell);
      }
      if (sample.periodS > 0) {
        cell.bucketSum += w;
        cell.bucketCount += 1;
      } else {
        cell.pollSum += w;
        cell.pollCount += 1;
      }
      if (at >= cell.lastAt) {
        cell.lastAt = at;
        cell.lastW = w;
      }
    }
  }

  /**
   * Metered power of the interval starting at `startMs` (aligned):
   * - a calendar_history bucket starting inside it is the meter's own average over the whole
   *   interval, so when there is one it is used alone (the mean of such buckets) — averaging it with
   *   polled snapshots would give one instantaneous reading the weight of five minutes of energy;
   * - otherwise the mean of the polled samples inside [start, end);
   * - otherwise STALE: the latest sample at most 5 minutes before the start (i.e. in the previous
   *   interval); carries do not chain;
   * - otherwise MISSING.
   */
  at(startMs: number): MeteredPoint {
    const key = Math.floor(startMs / INTERVAL_MS);
    const cell = this.cells.get(key);
    if (cell && cell.bucketCount > 0) return { meteredW: cell.bucketSum / cell.bucketCount, quality: 'ok' };
    if (cell && cell.pollCount > 0) return { meteredW: cell.pollSum / cell.pollCount, quality: 'ok' };
    const previous = this.cells.get(key - 1);
    if (previous) return { meteredW: previous.lastW, quality: 'stale' };
    return { meteredW: null, quality: 'missing' };
  }
}

/** Metered power of every clock-aligned interval covering [start, end). */
export function meteredIntervals(samples: readonly GridSample[], start: Date, end: Date): MeteredInterval[] {
  const meter = new GridMeter(samples);
  return alignedIntervalStarts(start.getTime(), end.getTime()).map((t) => ({
    start: new Date(t),
    end: new Date(t + INTERVAL_MS),
    ...meter.at(t),
  }));
}
