/**
 * Local time in an IANA time zone, built on Intl. The physics asks for the local hour at every
 * step, so UTC offsets are cached per zone and UTC hour (DST changes happen on whole UTC hours in
 * every zone the sandbox fleet uses).
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();
/** zone → UTC hour index → offset; numeric keys keep the per-step lookup cheap. */
const offsetCache = new Map<string, Map<number, number>>();

function offsetFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = offsetFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsetFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Minutes to add to UTC to get local wall-clock time (e.g. -420 for PDT). */
export function utcOffsetMinutes(timeZone: string, epochMs: number): number {
  const hour = Math.floor(epochMs / HOUR_MS);
  let zoneCache = offsetCache.get(timeZone);
  if (!zoneCache) {
    zoneCache = new Map();
    offsetCache.set(timeZone, zoneCache);
  }
  const cached = zoneCache.get(hour);
  if (cached !== undefined) return cached;
  const name = offsetFormatter(timeZone)
    .formatToParts(new Date(epochMs))
    .find((part) => part.type === 'timeZoneName')?.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '');
  const minutes = match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
  if (zoneCache.size > 100_000) zoneCache.clear();
  zoneCache.set(hour, minutes);
  return minutes;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    offsetFormatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

export interface LocalTime {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
  /** Seconds since local midnight, fractional. */
  secondsOfDay: number;
  /** Whole local days since 1970-01-01, for per-day randomness (weather). */
  dayNumber: number;
  offsetMinutes: number;
}

export function localTime(timeZone: string, epochMs: number): LocalTime {
  const offsetMinutes = utcOffsetMinutes(timeZone, epochMs);
  const shifted = epochMs + offsetMinutes * 60_000;
  const date = new Date(shifted);
  const dayNumber = Math.floor(shifted / DAY_MS);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
    weekday: date.getUTCDay(),
    secondsOfDay: (shifted - dayNumber * DAY_MS) / 1000,
    dayNumber,
    offsetMinutes,
  };
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** "+HH:MM" / "-HH:MM"; Tesla writes "+00:00" rather than "Z". */
export function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** ISO-8601 at whole seconds with the zone's offset, e.g. 2024-06-01T12:00:00-07:00. */
export function formatLocalIso(epochMs: number, timeZone: string): string {
  const t = localTime(timeZone, epochMs);
  return (
    `${t.year}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}` +
    formatOffset(t.offsetMinutes)
  );
}

/** The instant of local midnight that starts the local day containing epochMs. */
export function startOfLocalDay(timeZone: string, epochMs: number): number {
  const t = localTime(timeZone, epochMs);
  const guess = t.dayNumber * DAY_MS - t.offsetMinutes * 60_000;
  // Midnight may sit on the other side of a DST change than epochMs; re-read the offset there.
  return t.dayNumber * DAY_MS - utcOffsetMinutes(timeZone, guess) * 60_000;
}
