import { alignDown, type GridMeter } from './grid-samples.js';
import { addDays, daysBetween, localInstant, localTime } from './local-clock.js';

/**
 * An interval's place on the site's wall clock relative to the event day: "the same local clock
 * times on another day" is this slot replayed on that day (not the instant minus n × 24 h, which is
 * an hour off across a DST change).
 */
export interface LocalSlot {
  /** Local calendar days after the event day (−1 for an adjustment window before local midnight). */
  dayOffset: number;
  minuteOfDay: number;
}

export function slotsOf(timeZone: string, eventDay: string, intervalStarts: readonly number[]): LocalSlot[] {
  return intervalStarts.map((ms) => {
    const local = localTime(timeZone, ms);
    return { dayOffset: daysBetween(eventDay, local.day), minuteOfDay: local.minuteOfDay };
  });
}

/**
 * Metered power (W) at each slot replayed on `day` (the analogue of the event day); null where the
 * interval is missing or the wall-clock time does not exist that day (spring-forward gap).
 */
export function meterSlotsOn(meter: GridMeter, timeZone: string, day: string, slots: readonly LocalSlot[]): (number | null)[] {
  return slots.map((slot) => {
    const at = localInstant(timeZone, addDays(day, slot.dayOffset), slot.minuteOfDay);
    // alignDown: a no-op for every current zone (offsets are multiples of 15 min), kept for odd historical ones.
    return at === null ? null : meter.at(alignDown(at)).meteredW;
  });
}

/** Per slot, the mean over the days' values that exist; null where no day has one. */
export function meanPerSlot(profiles: readonly (readonly (number | null)[])[], slotCount: number): (number | null)[] {
  const result: (number | null)[] = [];
  for (let i = 0; i < slotCount; i++) {
    let sum = 0;
    let count = 0;
    for (const profile of profiles) {
      const w = profile[i];
      if (w === null || w === undefined) continue;
      sum += w;
      count += 1;
    }
    result.push(count ? sum / count : null);
  }
  return result;
}
