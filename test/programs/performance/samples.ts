import type { GridSample } from '../../../src/programs/performance/grid-samples.js';

/** Test telemetry builders (not a test file: vitest only runs *.test.ts). */

export const MIN = 60_000;

/** Polled samples every `everyS` seconds over [from, to) at a constant power. */
export function polled(from: Date, to: Date, gridPowerW: number, everyS = 30): GridSample[] {
  const samples: GridSample[] = [];
  for (let t = from.getTime(); t < to.getTime(); t += everyS * 1000) samples.push({ sampledAt: new Date(t), periodS: 0, gridPowerW });
  return samples;
}

/** calendar_history buckets (periodS 300) over [from, to); `power` may vary by bucket index. */
export function buckets(from: Date, to: Date, power: number | ((index: number) => number)): GridSample[] {
  const samples: GridSample[] = [];
  let i = 0;
  for (let t = from.getTime(); t < to.getTime(); t += 5 * MIN, i++) {
    samples.push({ sampledAt: new Date(t), periodS: 300, gridPowerW: typeof power === 'number' ? power : power(i) });
  }
  return samples;
}

export const at = (iso: string): Date => new Date(iso);
