/**
 * Local calendar days of an IANA time zone, as Tesla's calendar_history wants them (RFC 3339 with
 * the zone's offset). Hand-written on Intl: a date library for two functions is not worth a dependency.
 */

export interface LocalDay {
  /** YYYY-MM-DD in the site's zone. */
  day: string;
  start: Date;
  end: Date;
  /** RFC 3339 with offset, e.g. 2026-11-22T00:00:00-08:00. */
  startIso: string;
  endIso: string;
}

function offsetMinutes(timeZone: string, at: number): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  if (!match) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3] ?? 0));
}

function localDate(timeZone: string, at: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** UTC instant of local midnight starting `day`. */
function localMidnight(timeZone: string, day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const naive = Date.UTC(y, m - 1, d);
  let guess = naive - offsetMinutes(timeZone, naive) * 60_000;
  guess = naive - offsetMinutes(timeZone, guess) * 60_000; // second pass settles DST edges
  return guess;
}

function isoWithOffset(timeZone: string, at: number): string {
  const offset = offsetMinutes(timeZone, at);
  const local = new Date(at + offset * 60_000).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** The local days overlapping [start, end). */
export function localDaysBetween(timeZone: string, start: Date, end: Date): LocalDay[] {
  const days: LocalDay[] = [];
  for (let day = localDate(timeZone, start.getTime()); ; day = nextDay(day)) {
    const from = localMidnight(timeZone, day);
    if (from >= end.getTime()) break;
    const until = localMidnight(timeZone, nextDay(day));
    days.push({ day, start: new Date(from), end: new Date(until), startIso: isoWithOffset(timeZone, from), endIso: isoWithOffset(timeZone, until - 1000) });
  }
  return days;
}
