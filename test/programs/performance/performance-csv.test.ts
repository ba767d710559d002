import { describe, expect, it } from 'vitest';
import { DEFAULT_BASELINE } from '../../../src/programs/performance/baselines.js';
import { aggregateEventPerformance } from '../../../src/programs/performance/event-performance.js';
import { PERFORMANCE_CSV_HEADER, performanceCsv, sitePerformanceCsvRows } from '../../../src/programs/performance/performance-csv.js';
import { computeSitePerformance } from '../../../src/programs/performance/site-performance.js';
import { at, polled } from './samples.js';

const EVENT = { start: at('2026-07-15T17:00:00Z'), end: at('2026-07-15T18:00:00Z'), mode: 'DISCHARGE' as const };

function site(before: number, during: number, override = false) {
  const samples = [...polled(at('2026-07-15T16:00:00Z'), EVENT.start, before), ...polled(EVENT.start, at('2026-07-15T17:40:00Z'), during)];
  return computeSitePerformance({ event: EVENT, baseline: DEFAULT_BASELINE, timeZone: 'America/Los_Angeles', fallbackTimeZone: 'UTC', samples, excludedDays: [], override });
}

/** Splits RFC 4180 lines (quoted fields may hold commas and doubled quotes; none hold line breaks here). */
function parse(csv: string): string[][] {
  return csv
    .trimEnd()
    .split('\n')
    .map((line) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)].slice(0, -1).map((m) => (m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replaceAll('""', '"') : m[1]!)));
}

describe('performance CSV and event totals', () => {
  const a = site(2000, -1500); // 3.5 kW delivered, data ends 17:40 → 17:40 stale, 17:45–17:55 missing
  const b = site(1000, 250.4, true);
  const csv = performanceCsv([...sitePerformanceCsvRows('UHJvZ3JhbUV2ZW50OjE=', 'U2l0ZTox', '1689', a), ...sitePerformanceCsvRows('UHJvZ3JhbUV2ZW50OjE=', 'Site "2", west', 2001, b)]);
  const rows = parse(csv);

  it('has the exact header, one row per site and interval, and \\n line ends', () => {
    expect(csv.split('\n')[0]).toBe('event_id,site_id,energy_site_id,interval_start,interval_end,baseline_kw,metered_kw,delivered_kw,energy_wh,data_quality');
    expect(rows[0]!.join(',')).toBe(PERFORMANCE_CSV_HEADER);
    expect(rows).toHaveLength(1 + 12 + 12);
    expect(csv.endsWith('\n')).toBe(true);
    expect(csv).not.toContain('\r');
  });

  it('carries the computed numbers, ISO UTC times, empty cells for nulls and the quality', () => {
    expect(rows[1]).toEqual(['UHJvZ3JhbUV2ZW50OjE=', 'U2l0ZTox', '1689', '2026-07-15T17:00:00.000Z', '2026-07-15T17:05:00.000Z', '2', '-1.5', '3.5', '291.7', 'ok']);
    a.intervals.forEach((interval, i) => {
      const row = rows[1 + i]!;
      expect(row[3]).toBe(interval.start.toISOString());
      expect(row.slice(5, 9)).toEqual([interval.baselineKw, interval.meteredKw, interval.deliveredKw, interval.energyWh].map((v) => (v === null ? '' : String(v))));
      expect(row[9]).toBe(interval.quality);
    });
    expect(rows[9]![9]).toBe('stale');
    expect(rows[10]!.slice(5)).toEqual(['2', '', '', '', 'missing']);
  });

  it('quotes fields that need it and marks every row of an overridden site', () => {
    expect(csv).toContain(',"Site ""2"", west",2001,');
    const bRows = rows.slice(13);
    expect(bRows.every((r) => r[1] === 'Site "2", west' && r[9] === 'override')).toBe(true);
    expect(bRows[0]!.slice(5, 9)).toEqual(['1', '0.25', '0.75', '62.5']);
    expect(bRows[11]!.slice(6, 9)).toEqual(['', '', '']); // missing, still labelled override
  });

  it('event totals are the sums of the sites’ unrounded figures', () => {
    expect(a.deliveredKw).toBeCloseTo(3.5, 3);
    expect(b.deliveredKw).toBeCloseTo(0.7496, 3);
    const totals = aggregateEventPerformance([a, b]);
    expect(totals.baselineKw).toBeCloseTo(3.0, 3);
    expect(totals.deliveredKw).toBeCloseTo(3.5 + 0.7496, 3);
    expect(totals.energyDeliveredWh).toBe(Math.round(((3500 * 9 + 749.6 * 9) * 5) / 60 * 10) / 10);
    expect(aggregateEventPerformance([])).toEqual({ baselineKw: null, deliveredKw: null, energyDeliveredWh: null });
  });
});
