import type { EnergySite } from '../fleet/energy-site.js';
import { smoothNoise } from '../random/hash-noise.js';
import type { LocalTime } from '../time/time-zone.js';
import { NoiseChannel } from './noise-channels.js';

/**
 * Household consumption without EV charging: a base load plus a morning and a (bigger) evening
 * peak in local time, times smooth noise so consecutive samples look like one house.
 */

const JITTER_PERIOD_MS = 15 * 60_000;

function bump(hour: number, centre: number, width: number): number {
  const d = (hour - centre) / width;
  return Math.exp(-0.5 * d * d);
}

export function householdLoadW(site: EnergySite, epochMs: number, local: LocalTime): number {
  const hour = local.secondsOfDay / 3600;
  const weekend = local.weekday === 0 || local.weekday === 6;
  const morning = bump(hour, weekend ? 9 : 7.25, 1.3) * 0.55;
  const midday = weekend ? bump(hour, 13, 2.5) * 0.3 : 0;
  const evening = bump(hour, 19, 2.1);
  const { baseLoadW, peakScale } = site.household;
  const jitter = 0.8 + 0.4 * smoothNoise(site.noiseSeed, NoiseChannel.loadJitter, epochMs / JITTER_PERIOD_MS);
  return (baseLoadW + peakScale * (morning + midday + evening)) * jitter;
}
