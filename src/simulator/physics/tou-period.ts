import type { TouPeriod } from '../fleet/energy-site.js';
import type { LocalTime } from '../time/time-zone.js';

/** Which TOU period the site's schedule puts this local instant in; off-peak when none matches. */
export function touPeriodAt(schedule: readonly TouPeriod[], local: LocalTime): TouPeriod['target'] {
  const seconds = local.secondsOfDay;
  for (const period of schedule) {
    const { startSeconds: start, endSeconds: end } = period;
    const wraps = end <= start;
    // A period that wraps past midnight belongs to the weekday on which it started.
    if (!wraps) {
      if (period.weekDays.includes(local.weekday) && seconds >= start && seconds < end) return period.target;
    } else {
      if (seconds >= start && period.weekDays.includes(local.weekday)) return period.target;
      if (seconds < end && period.weekDays.includes((local.weekday + 6) % 7)) return period.target;
    }
  }
  return 'off_peak';
}
