import { describe, expect, it } from 'vitest';
import type { BaselineSpec } from '../../../src/programs/performance/baselines.js';
import type { GridSample } from '../../../src/programs/performance/grid-samples.js';
import { computeSitePerformance } from '../../../src/programs/performance/site-performance.js';
import { buckets, polled } from './samples.js';

/**
 * America/Los_Angeles around the 2026 DST change (Sunday 8 March, 02:00 PST → 03:00 PDT).
 * The event: Wednesday 11 March 17:00–18:00 PDT = 12 March 00:00–01:00 UTC. Past days before the
 * change are PST, so "17:00 local" is 01:00 UTC there, not the event's 00:00 UTC minus n × 24 h.
 */
const TZ = 'America/Los_Angeles';

/** Local wall-clock time → UTC, with the offsets written out independently of the code under test. */
function la(day: string, hh: number, mm = 0): Date {
  const offsetH = day >= '2026-03-08' ? 7 : 8; // only daytime hours are used, after 03:00 on the 8th
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d, hh + offsetH, mm));
}

/**
 * One past day's telemetry as calendar_history buckets, 12:00–20:00 local:
 * 12–14 h 500 W, 14–17 h 1 000 W (the adjustment window), 17–18 h `level` + 10 W × interval (the
 * event window), 18–20 h 100 W. A fixed-24 h implementation would read 16–17 h PST (1 000 W) as the
 * event window of the PST days and rank them all alike.
 */
function pastDay(day: string, level: number, gap?: { from: number; count: number }): GridSample[] {
  const window = buckets(la(day, 17), la(day, 18), (i) => level + 10 * i).filter((_, i) => !gap || i < gap.from || i >= gap.from + gap.count);
  return [...buckets(la(day, 12), la(day, 14), 500), ...buckets(la(day, 14), la(day, 17), 1000), ...window, ...buckets(la(day, 18), la(day, 20), 100)];
}

const EVENT = { start: la('2026-03-11', 17), end: la('2026-03-11', 18), mode: 'DISCHARGE' as const };

/** Event day: `before` W (polled) 12:00–17:00 local, −1 500 W during the event. */
function eventDay(before: number): GridSample[] {
  return [...polled(la('2026-03-11', 12), la('2026-03-11', 17), before), ...polled(EVENT.start, EVENT.end, -1500)];
}

// Event-window levels: the chosen two must be 10 March (3 000 W) and 5 March (4 000 W).
const HISTORY: GridSample[] = [
  ...pastDay('2026-03-10', 3000), // Tue, PDT — eligible
  ...pastDay('2026-03-09', 9000), // Mon — another event that day (excluded)
  ...pastDay('2026-03-08', 9000), // Sun — weekend
  ...pastDay('2026-03-07', 9000), // Sat — weekend
  ...pastDay('2026-03-06', 1000), // Fri, PST — eligible
  ...pastDay('2026-03-05', 4000), // Thu, PST — eligible
  ...pastDay('2026-03-04', 2000), // Wed, PST — eligible (the 4th most recent)
  ...pastDay('2026-03-03', 9000), // Tue — 5th eligible: beyond Y
];

const TWO_OF_FOUR: BaselineSpec = { method: 'X_OF_Y_DAYS', windowMinutes: 60, x: 2, y: 4, adjustmentHours: 0, adjustmentCapPercent: 20 };

function run(samples: GridSample[], baseline: BaselineSpec = TWO_OF_FOUR) {
  return computeSitePerformance({ event: EVENT, baseline, timeZone: TZ, fallbackTimeZone: 'UTC', samples, excludedDays: ['2026-03-09'], override: false });
}

describe('X_OF_Y_DAYS baseline (2 of 4, America/Los_Angeles, across the March DST change)', () => {
  it('chooses the two highest-import eligible days by local wall clock, skipping weekend and event days', () => {
    const result = run([...HISTORY, ...eventDay(1000)]);
    expect(result.dataQuality.baselineDays).toEqual(['2026-03-05', '2026-03-10']);
    expect(result.dataQuality.baselineIssue).toBeNull();
    expect(result.intervals).toHaveLength(12);
    result.intervals.forEach((interval, i) => {
      // mean(3 000 + 10 i, 4 000 + 10 i), slot by slot
      expect(interval.baselineKw).toBeCloseTo((3500 + 10 * i) / 1000, 3);
      expect(interval.meteredKw).toBeCloseTo(-1.5, 3);
      expect(interval.deliveredKw).toBeCloseTo((5000 + 10 * i) / 1000, 3);
      expect(interval.energyWh).toBeCloseTo(((5000 + 10 * i) * 5) / 60, 1);
    });
    expect(result.baselineGridPowerW).toBe(3555); // 3 500 + 10 × mean(0..11)
    expect(result.deliveredKw).toBeCloseTo(5.055, 3);
    expect(result.energyDeliveredWh).toBe(5055); // 5.055 kW × 1 h
    expect(result.baselineAdjustment).toBeNull();
  });

  it('a day with more than half the window missing is not eligible; exactly half still is', () => {
    // 6 March is the highest day here, so whether it is eligible decides the choice.
    const base = HISTORY.filter((s) => !(s.sampledAt >= la('2026-03-06', 12) && s.sampledAt < la('2026-03-06', 20)));
    // Removing buckets 5–11: bucket 5 is STALE (carried from 4), 6–11 MISSING = 6 of 12 → eligible.
    const half = run([...base, ...pastDay('2026-03-06', 8000, { from: 5, count: 7 }), ...eventDay(1000)]);
    expect(half.dataQuality.baselineDays).toEqual(['2026-03-05', '2026-03-06']);
    // Removing buckets 4–11: 7 of 12 MISSING → not eligible, so the 4 most recent reach back to 3 March.
    const more = run([...base, ...pastDay('2026-03-06', 8000, { from: 4, count: 8 }), ...eventDay(1000)]);
    expect(more.dataQuality.baselineDays).toEqual(['2026-03-03', '2026-03-05']);
  });

  it('fewer eligible days than X: uses what there is and says which', () => {
    const samples = [...pastDay('2026-03-10', 3000), ...pastDay('2026-03-05', 4000), ...eventDay(1000)];
    const result = run(samples, { ...TWO_OF_FOUR, x: 3, y: 5 });
    expect(result.dataQuality.baselineDays).toEqual(['2026-03-05', '2026-03-10']);
    expect(result.dataQuality.baselineIssue).toBe('FEWER_DAYS_THAN_X');
    expect(result.intervals[0]!.baselineKw).toBeCloseTo(3.5, 3);
  });

  it('no eligible day at all: no baseline', () => {
    const result = run(eventDay(1000));
    expect(result.dataQuality.baselineDays).toEqual([]);
    expect(result.dataQuality.baselineIssue).toBe('NO_BASELINE_DATA');
    expect(result.deliveredKw).toBeNull();
  });

  describe('same-day adjustment (3 h before the event, capped at ±20 %)', () => {
    const adjusted: BaselineSpec = { ...TWO_OF_FOUR, adjustmentHours: 3, adjustmentCapPercent: 20 };

    it('inside the cap: baseline += mean(actual − baseline) over 14:00–17:00 local', () => {
      // Chosen days read 1 000 W over 14–17 h local; the event day 1 100 W → A = +100 W (cap 200 W).
      const result = run([...HISTORY, ...eventDay(1100)], adjusted);
      expect(result.baselineAdjustment).toMatchObject({ capped: false, intervals: 36 });
      expect(result.baselineAdjustment!.adjustmentW).toBeCloseTo(100, 6);
      expect(result.baselineAdjustment!.capW).toBeCloseTo(200, 6);
      result.intervals.forEach((interval, i) => {
        expect(interval.baselineKw).toBeCloseTo((3600 + 10 * i) / 1000, 3);
        expect(interval.deliveredKw).toBeCloseTo((5100 + 10 * i) / 1000, 3);
      });
    });

    it('beyond the cap, upwards and downwards: clamped to ±20 % of the mean baseline', () => {
      const up = run([...HISTORY, ...eventDay(2000)], adjusted); // A = +1 000 W → +200 W
      expect(up.baselineAdjustment).toMatchObject({ capped: true });
      expect(up.baselineAdjustment!.uncappedW).toBeCloseTo(1000, 6);
      up.intervals.forEach((interval, i) => expect(interval.baselineKw).toBeCloseTo((3700 + 10 * i) / 1000, 3));

      const down = run([...HISTORY, ...eventDay(-500)], adjusted); // an exporting morning: A = −1 500 W → −200 W
      expect(down.baselineAdjustment!.adjustmentW).toBeCloseTo(-200, 6);
      down.intervals.forEach((interval, i) => expect(interval.baselineKw).toBeCloseTo((3300 + 10 * i) / 1000, 3));
    });

    it('reads the chosen days at the same local hours (a fixed 24 h offset would catch the 500 W hour on PST days)', () => {
      // With a 4 h window (13–17 h) the chosen days read 500 W for 13–14 h and 1 000 W after:
      // mean 875 W; the event day reads 875 W too → A = 0.
      const samples = [...HISTORY, ...polled(la('2026-03-11', 13), la('2026-03-11', 14), 500), ...polled(la('2026-03-11', 14), la('2026-03-11', 17), 1000), ...polled(EVENT.start, EVENT.end, -1500)];
      const result = run(samples, { ...adjusted, adjustmentHours: 4 });
      expect(result.baselineAdjustment!.adjustmentW).toBeCloseTo(0, 6);
      expect(result.intervals[0]!.baselineKw).toBeCloseTo(3.5, 3);
    });
  });
});
