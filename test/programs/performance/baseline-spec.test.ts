import { describe, expect, it } from 'vitest';
import { DEFAULT_BASELINE, performanceSamplesFrom, validateBaseline, type BaselineSpec } from '../../../src/programs/performance/baselines.js';

const fields = (spec: Partial<BaselineSpec>) => validateBaseline({ ...DEFAULT_BASELINE, ...spec }).map((p) => p.field);

describe('baseline spec', () => {
  it('defaults: a 60-minute pre-event window; PG&E 5-of-10 with a 3 h adjustment capped at 20 %', () => {
    expect(DEFAULT_BASELINE).toEqual({ method: 'PRE_EVENT_WINDOW', windowMinutes: 60, x: 5, y: 10, adjustmentHours: 3, adjustmentCapPercent: 20 });
    expect(validateBaseline(DEFAULT_BASELINE)).toEqual([]);
    expect(fields({ method: 'X_OF_Y_DAYS', x: 10, y: 10 })).toEqual([]); // CAISO 10-in-10
  });

  it('reports each problem with its field', () => {
    expect(fields({ windowMinutes: 0 })).toEqual(['windowMinutes']);
    expect(fields({ windowMinutes: 62 })).toEqual(['windowMinutes']);
    expect(fields({ windowMinutes: 1445 })).toEqual(['windowMinutes']);
    expect(fields({ windowMinutes: 1440 })).toEqual([]);
    expect(fields({ x: 0 })).toEqual(['x']);
    expect(fields({ x: 6, y: 5 })).toEqual(['x']);
    expect(fields({ x: 2.5 })).toEqual(['x']);
    expect(fields({ y: 31, x: 5 })).toEqual(['y']);
    expect(fields({ adjustmentHours: 13 })).toEqual(['adjustmentHours']);
    expect(fields({ adjustmentHours: -1 })).toEqual(['adjustmentHours']);
    expect(fields({ adjustmentHours: 0 })).toEqual([]);
    expect(fields({ adjustmentCapPercent: 101 })).toEqual(['adjustmentCapPercent']);
    expect(fields({ adjustmentCapPercent: Number.NaN })).toEqual(['adjustmentCapPercent']);
    expect(fields({ method: 'AVERAGE' as BaselineSpec['method'] })).toEqual(['method']);
    expect(validateBaseline({ ...DEFAULT_BASELINE, windowMinutes: 3, x: 0 })).toHaveLength(2);
  });

  it('says how far back samples are needed', () => {
    const start = new Date('2026-07-15T17:02:00Z');
    expect(performanceSamplesFrom(start, DEFAULT_BASELINE).toISOString()).toBe('2026-07-15T15:55:00.000Z');
    expect(performanceSamplesFrom(start, { ...DEFAULT_BASELINE, method: 'X_OF_Y_DAYS' }).toISOString()).toBe('2026-05-30T13:55:00.000Z');
  });
});
