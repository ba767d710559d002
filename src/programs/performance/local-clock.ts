/**
 * Site-local wall-clock arithmetic for baselines. X-of-Y baselines compare the same local clock
 * times on past days, which is not a fixed 24 h offset across a DST change. src/telemetry/local-days.ts
 * only exposes whole local days; this needs minute-of-day ↔ instant, so it is a separate helper on the
 * same Intl approach (no date library).
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // h23: some ICU versions print midnight as "24" with hour12: false.
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

export interface LocalTime {
  /** YYYY-MM-DD in the zone. */
  day: string;
  /** Minutes since local midnight on the wall clock (0–1439). */
  minuteOfDay: number;
}

interface WallClock {
  y: number;
  m: number;
  d: number;
  h: number;
  min: number;
  s: number;
}

function wallClock(timeZone: string, ms: number): WallClock {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(ms)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { y: parts['year']!, m: parts['month']!, d: parts['day']!, h: parts['hour']!, min: parts['minute']!, s: parts['second']! };
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

export function localTime(timeZone: string, ms: number): LocalTime {
  const c = wallClock(timeZone, ms);
  return { day: `${pad(c.y, 4)}-${pad(c.m)}-${pad(c.d)}`, minuteOfDay: c.h * 60 + c.min };
}

/** The zone's UTC offset at `ms`, in ms (local = UTC + offset). */
function offsetMs(timeZone: string, ms: number): number {
  const c = wallClock(timeZone, ms);
  const whole = Math.floor(ms / 1000) * 1000;
  return Date.UTC(c.y, c.m - 1, c.d, c.h, c.min, c.s) - whole;
}

/**
 * The instant at which the zone's wall clock reads `day` `minuteOfDay`, or null when that time does
 * not exist (the hour skipped by a spring-forward change). A repeated time (fall-back) resolves to
 * its first occurrence.
 */
export function localInstant(timeZone: string, day: string, minuteOfDay: number): number | null {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const naive = Date.UTC(y, m - 1, d) + minuteOfDay * 60_000;
  let guess = naive - offsetMs(timeZone, naive);
  guess = naive - offsetMs(timeZone, guess); // second pass settles DST edges
  const back = localTime(timeZone, guess);
  return back.day === day && back.minuteOfDay === minuteOfDay ? guess : null;
}

/** `day` plus `n` calendar days (n may be negative). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** Calendar days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Monday–Friday: a local calendar date's weekday does not depend on the zone. */
export function isWeekday(day: string): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday >= 1 && weekday <= 5;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The site's zone, or the fallback (flagged as assumed) when the site has none or an unknown one.
 * An invalid fallback is a configuration error and throws.
 */
export function resolveTimeZone(timeZone: string | null, fallbackTimeZone: string): { timeZone: string; assumed: boolean } {
  const own = timeZone?.trim() ?? '';
  if (own && isValidTimeZone(own)) return { timeZone: own, assumed: false };
  if (!isValidTimeZone(fallbackTimeZone)) throw new RangeError(`invalid fallback time zone: ${fallbackTimeZone}`);
  return { timeZone: fallbackTimeZone, assumed: true };
}
