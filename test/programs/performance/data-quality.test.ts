import { describe, expect, it } from 'vitest';
import { DEFAULT_BASELINE } from '../../../src/programs/performance/baselines.js';
import { meteredIntervals, type GridSample } from '../../../src/programs/performance/grid-samples.js';
import { localInstant } from '../../../src/programs/performance/local-clock.js';
import { computeSitePerformance, type SitePerformanceInput } from '../../../src/programs/performance/site-performance.js';
import { at, buckets } from './samples.js';

const poll = (iso: string, gridPowerW: number | null): GridSample => ({ sampledAt: at(iso), periodS: 0, gridPowerW });

/**
 * 30-minute window of calendar_history buckets at 1 kW, then a 30-minute event:
 * 10:00 two polls (−500, −700) → −600 ok
 * 10:05 a bucket (−800) and a poll (−100) → the bucket, −800 ok
 * 10:10 nothing → STALE: the latest sample of 10:05 (the poll at 10:06, −100)
 * 10:15 nothing, nothing before → MISSING
 * 10:20 only a null reading → MISSING
 * 10:25 a poll (−300) → ok
 */
const SAMPLES: GridSample[] = [
  ...buckets(at('2026-07-15T09:30:00Z'), at('2026-07-15T10:00:00Z'), 1000),
  poll('2026-07-15T10:00:00Z', -500),
  poll('2026-07-15T10:02:30Z', -700),
  { sampledAt: at('2026-07-15T10:05:00Z'), periodS: 300, gridPowerW: -800 },
  poll('2026-07-15T10:06:00Z', -100),
  poll('2026-07-15T10:21:00Z', null),
  poll('2026-07-15T10:29:59Z', -300),
];

function input(overrides: Partial<SitePerformanceInput> = {}): SitePerformanceInput {
  return {
    event: { start: at('2026-07-15T10:00:00Z'), end: at('2026-07-15T10:30:00Z'), mode: 'DISCHARGE' },
    baseline: { ...DEFAULT_BASELINE, windowMinutes: 30 },
    timeZone: 'Europe/Berlin',
    fallbackTimeZone: 'America/Los_Angeles',
    samples: SAMPLES,
    excludedDays: [],
    override: false,
    ...overrides,
  };
}

describe('interval metering and data quality', () => {
  it('meters polls and calendar_history buckets per clock-aligned interval, with stale and missing ones', () => {
    const intervals = meteredIntervals(SAMPLES, at('2026-07-15T10:00:00Z'), at('2026-07-15T10:30:00Z'));
    expect(intervals.map((i) => [i.start.toISOString().slice(11, 16), i.meteredW, i.quality])).toEqual([
      ['10:00', -600, 'ok'],
      ['10:05', -800, 'ok'],
      ['10:10', -100, 'stale'],
      ['10:15', null, 'missing'],
      ['10:20', null, 'missing'],
      ['10:25', -300, 'ok'],
    ]);
  });

  it('a bucket carries into the next interval as STALE (it is the average of the 5 minutes before)', () => {
    const intervals = meteredIntervals(buckets(at('2026-07-15T09:55:00Z'), at('2026-07-15T10:00:00Z'), 700), at('2026-07-15T10:00:00Z'), at('2026-07-15T10:10:00Z'));
    expect(intervals.map((i) => [i.meteredW, i.quality])).toEqual([
      [700, 'stale'],
      [null, 'missing'],
    ]);
  });

  it('counts missing and stale intervals and leaves missing ones out of the totals', () => {
    const result = computeSitePerformance(input());
    expect(result.dataQuality).toMatchObject({ missingSamples: 2, staleSamples: 1, override: false, timeZoneAssumed: false, timeZone: 'Europe/Berlin' });
    expect(result.intervals.map((i) => i.deliveredKw)).toEqual([1.6, 1.8, 1.1, null, null, 1.3]);
    expect(result.intervals.map((i) => i.energyWh)).toEqual([133.3, 150, 91.7, null, null, 108.3]);
    expect(result.intervals.map((i) => i.quality)).toEqual(['ok', 'ok', 'stale', 'missing', 'missing', 'ok']);
    expect(result.baselineGridPowerW).toBe(1000);
    expect(result.meanGridPowerW).toBe(-450); // mean of −600, −800, −100, −300
    expect(result.deliveredKw).toBeCloseTo(1.45, 3);
    expect(result.energyDeliveredWh).toBe(483.3); // 5 800 W × 5 min
  });

  it('the override flag is reported as given', () => {
    expect(computeSitePerformance(input({ override: true })).dataQuality.override).toBe(true);
  });

  it('a null, empty or unknown time zone uses the fallback and says so', () => {
    for (const timeZone of [null, '', '  ', 'Mars/Olympus_Mons']) {
      const quality = computeSitePerformance(input({ timeZone })).dataQuality;
      expect(quality.timeZoneAssumed).toBe(true);
      expect(quality.timeZone).toBe('America/Los_Angeles');
    }
    expect(() => computeSitePerformance(input({ timeZone: null, fallbackTimeZone: 'Nowhere/Else' }))).toThrow(RangeError);
  });

  it('the fallback zone decides the local days of X_OF_Y_DAYS', () => {
    // 03:00–04:00 UTC on Monday 13 July 2026 is 20:00–21:00 PDT on Sunday 12th. In UTC the candidate
    // days are Fri 10th and Thu 9th read at 03:00 UTC; in Los Angeles the same dates read at 20:00
    // PDT, i.e. 03:00 UTC of the next day.
    const event = { start: at('2026-07-13T03:00:00Z'), end: at('2026-07-13T04:00:00Z'), mode: 'DISCHARGE' as const };
    const hour = (iso: string, w: number) => buckets(at(iso), new Date(at(iso).getTime() + 3_600_000), w);
    const samples = [...hour('2026-07-09T03:00:00Z', 3000), ...hour('2026-07-10T03:00:00Z', 1000), ...hour('2026-07-11T03:00:00Z', 5000), ...hour('2026-07-13T03:00:00Z', 0)];
    const baseline = { ...DEFAULT_BASELINE, method: 'X_OF_Y_DAYS' as const, x: 1, y: 2, adjustmentHours: 0 };
    const common = { event, baseline, samples, excludedDays: [], override: false, timeZone: null };
    const inLosAngeles = computeSitePerformance({ ...common, fallbackTimeZone: 'America/Los_Angeles' });
    expect(inLosAngeles.dataQuality).toMatchObject({ timeZoneAssumed: true, baselineDays: ['2026-07-10'] });
    expect(inLosAngeles.intervals[0]!.baselineKw).toBeCloseTo(5, 3);
    const inUtc = computeSitePerformance({ ...common, fallbackTimeZone: 'UTC' });
    expect(inUtc.dataQuality).toMatchObject({ timeZoneAssumed: true, baselineDays: ['2026-07-09'] });
    expect(inUtc.intervals[0]!.baselineKw).toBeCloseTo(3, 3);
  });

  it('wall-clock conversion: the spring-forward gap does not exist, a fall-back time is its first occurrence', () => {
    expect(localInstant('America/Los_Angeles', '2026-03-08', 150)).toBeNull(); // 02:30 skipped
    expect(new Date(localInstant('America/Los_Angeles', '2026-03-08', 180)!).toISOString()).toBe('2026-03-08T10:00:00.000Z');
    expect(new Date(localInstant('America/Los_Angeles', '2026-11-01', 90)!).toISOString()).toBe('2026-11-01T08:30:00.000Z');
  });
});
