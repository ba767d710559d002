import { describe, expect, it } from 'vitest';
import { DEFAULT_BASELINE, type BaselineSpec } from '../../../src/programs/performance/baselines.js';
import { computeSitePerformance, type SitePerformanceInput } from '../../../src/programs/performance/site-performance.js';
import { at, polled } from './samples.js';

const spec: BaselineSpec = { ...DEFAULT_BASELINE, method: 'PRE_EVENT_WINDOW', windowMinutes: 60 };

function input(overrides: Partial<SitePerformanceInput>): SitePerformanceInput {
  return {
    event: { start: at('2026-07-15T17:00:00Z'), end: at('2026-07-15T18:00:00Z'), mode: 'DISCHARGE' },
    baseline: spec,
    timeZone: 'America/Los_Angeles',
    fallbackTimeZone: 'UTC',
    samples: [],
    excludedDays: [],
    override: false,
    ...overrides,
  };
}

describe('PRE_EVENT_WINDOW baseline', () => {
  it('a site importing 2 kW before and exporting 1.5 kW during a discharge delivered 3.5 kW', () => {
    const samples = [...polled(at('2026-07-15T15:30:00Z'), at('2026-07-15T17:00:00Z'), 2000), ...polled(at('2026-07-15T17:00:00Z'), at('2026-07-15T18:00:00Z'), -1500)];
    const result = computeSitePerformance(input({ samples }));

    expect(result.intervals).toHaveLength(12);
    expect(result.intervals[0]!.start.toISOString()).toBe('2026-07-15T17:00:00.000Z');
    expect(result.intervals[11]!.end.toISOString()).toBe('2026-07-15T18:00:00.000Z');
    for (const interval of result.intervals) {
      expect(interval.baselineKw).toBeCloseTo(2.0, 3);
      expect(interval.meteredKw).toBeCloseTo(-1.5, 3);
      expect(interval.deliveredKw).toBeCloseTo(3.5, 3);
      expect(interval.energyWh).toBe(291.7);
      expect(interval.quality).toBe('ok');
    }
    expect(result.baselineGridPowerW).toBe(2000);
    expect(result.meanGridPowerW).toBe(-1500);
    expect(result.deliveredKw).toBeCloseTo(3.5, 3);
    // Σ of unrounded 291.666… Wh, not 12 × 291.7.
    expect(result.energyDeliveredWh).toBe(3500);
    expect(result.dataQuality).toMatchObject({ missingSamples: 0, staleSamples: 0, baselineDays: [], baselineIssue: null, timeZoneAssumed: false });
  });

  it('uses only the window: power earlier than windowMinutes before the start does not count', () => {
    const samples = [...polled(at('2026-07-15T15:00:00Z'), at('2026-07-15T16:30:00Z'), 9000), ...polled(at('2026-07-15T16:30:00Z'), at('2026-07-15T17:00:00Z'), 1000)];
    const result = computeSitePerformance(input({ samples, baseline: { ...spec, windowMinutes: 30 } }));
    expect(result.intervals[0]!.baselineKw).toBeCloseTo(1.0, 3);
  });

  it('CHARGE: delivered = metered − baseline (the extra import)', () => {
    const samples = [...polled(at('2026-07-15T16:00:00Z'), at('2026-07-15T17:00:00Z'), 500), ...polled(at('2026-07-15T17:00:00Z'), at('2026-07-15T18:00:00Z'), 4500)];
    const result = computeSitePerformance(input({ samples, event: { start: at('2026-07-15T17:00:00Z'), end: at('2026-07-15T18:00:00Z'), mode: 'CHARGE' } }));
    for (const interval of result.intervals) {
      expect(interval.baselineKw).toBeCloseTo(0.5, 3);
      expect(interval.deliveredKw).toBeCloseTo(4.0, 3);
      expect(interval.energyWh).toBe(333.3);
    }
    expect(result.deliveredKw).toBeCloseTo(4.0, 3);
    expect(result.energyDeliveredWh).toBe(4000);
  });

  it('IDLE and SELF_CONSUMPTION count like DISCHARGE (baseline − metered)', () => {
    const samples = [...polled(at('2026-07-15T16:00:00Z'), at('2026-07-15T17:00:00Z'), 3000), ...polled(at('2026-07-15T17:00:00Z'), at('2026-07-15T18:00:00Z'), 1000)];
    for (const mode of ['IDLE', 'SELF_CONSUMPTION'] as const) {
      const result = computeSitePerformance(input({ samples, event: { start: at('2026-07-15T17:00:00Z'), end: at('2026-07-15T18:00:00Z'), mode } }));
      expect(result.deliveredKw).toBeCloseTo(2.0, 3);
    }
  });

  it('no data in the window: no baseline, no delivered figure, flagged', () => {
    const samples = polled(at('2026-07-15T17:00:00Z'), at('2026-07-15T18:00:00Z'), -1500);
    const result = computeSitePerformance(input({ samples }));
    expect(result.intervals.every((i) => i.baselineKw === null && i.deliveredKw === null && i.energyWh === null)).toBe(true);
    expect(result.intervals.every((i) => i.meteredKw === -1.5)).toBe(true);
    expect(result.baselineGridPowerW).toBeNull();
    expect(result.deliveredKw).toBeNull();
    expect(result.energyDeliveredWh).toBeNull();
    expect(result.dataQuality.baselineIssue).toBe('NO_BASELINE_DATA');
  });

  it('an event that is not clock-aligned: aligned intervals, energy prorated to the time inside the event', () => {
    const samples = [...polled(at('2026-07-15T16:00:00Z'), at('2026-07-15T17:00:00Z'), 2000), ...polled(at('2026-07-15T17:00:00Z'), at('2026-07-15T17:15:00Z'), -1500)];
    const result = computeSitePerformance(input({ samples, event: { start: at('2026-07-15T17:02:30Z'), end: at('2026-07-15T17:12:30Z'), mode: 'DISCHARGE' } }));
    expect(result.intervals.map((i) => i.start.toISOString())).toEqual(['2026-07-15T17:00:00.000Z', '2026-07-15T17:05:00.000Z', '2026-07-15T17:10:00.000Z']);
    expect(result.intervals.map((i) => i.energyWh)).toEqual([145.8, 291.7, 145.8]);
    expect(result.intervals[0]!.baselineKw).toBeCloseTo(2.0, 3); // the window ends at the first aligned interval
    expect(result.deliveredKw).toBeCloseTo(3.5, 3);
    expect(result.energyDeliveredWh).toBe(583.3); // 3.5 kW × 10 min
  });

  it("an edge interval meters only the event's own readings: the baseline before the start and restores after the end do not count", () => {
    const samples = [
      ...polled(at('2026-07-15T16:00:00Z'), at('2026-07-15T17:02:30Z'), 2000), // before: importing
      ...polled(at('2026-07-15T17:02:30Z'), at('2026-07-15T17:12:30Z'), -1500), // the event: exporting
      ...polled(at('2026-07-15T17:12:30Z'), at('2026-07-15T17:20:00Z'), 3000), // after: recharging
    ];
    const result = computeSitePerformance(input({ samples, event: { start: at('2026-07-15T17:02:30Z'), end: at('2026-07-15T17:12:30Z'), mode: 'DISCHARGE' } }));
    expect(result.intervals.map((i) => i.meteredKw)).toEqual([-1.5, -1.5, -1.5]);
    expect(result.intervals.map((i) => i.deliveredKw)).toEqual([3.5, 3.5, 3.5]);
  });

  it('rejects an invalid spec and an empty event', () => {
    expect(() => computeSitePerformance(input({ baseline: { ...spec, windowMinutes: 7 } }))).toThrow(RangeError);
    expect(() => computeSitePerformance(input({ event: { start: at('2026-07-15T17:00:00Z'), end: at('2026-07-15T17:00:00Z'), mode: 'DISCHARGE' } }))).toThrow(RangeError);
  });
});
