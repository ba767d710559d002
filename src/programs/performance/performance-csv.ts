import type { PerformanceInterval, SitePerformance } from './site-performance.js';

export const PERFORMANCE_CSV_HEADER = 'event_id,site_id,energy_site_id,interval_start,interval_end,baseline_kw,metered_kw,delivered_kw,energy_wh,data_quality';

export type CsvDataQuality = 'ok' | 'stale' | 'missing' | 'override';

export interface PerformanceCsvRow {
  eventId: string;
  siteId: string;
  energySiteId: string | number | null;
  /** The site's override flag: when set the row's data_quality is `override`, whatever the metering. */
  override?: boolean;
  interval: PerformanceInterval;
}

/** RFC 4180: quote a field holding a comma, quote or line break; double its quotes. */
function field(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The performance CSV: the header, then one row per site and interval, times in ISO-8601 UTC, the
 * already-rounded numbers as computed (kW 3 decimals, Wh 1), null as an empty cell. Lines end in
 * `\n` (not RFC 4180's CRLF: every CSV reader accepts it and it diffs cleanly), the last one too.
 */
export function performanceCsv(rows: readonly PerformanceCsvRow[]): string {
  const lines = [PERFORMANCE_CSV_HEADER];
  for (const row of rows) {
    const i = row.interval;
    const quality: CsvDataQuality = row.override ? 'override' : i.quality;
    lines.push(
      [row.eventId, row.siteId, row.energySiteId, i.start.toISOString(), i.end.toISOString(), i.baselineKw, i.meteredKw, i.deliveredKw, i.energyWh, quality]
        .map(field)
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The CSV rows of one site's performance, in interval order. */
export function sitePerformanceCsvRows(eventId: string, siteId: string, energySiteId: string | number | null, performance: Pick<SitePerformance, 'intervals' | 'dataQuality'>): PerformanceCsvRow[] {
  return performance.intervals.map((interval) => ({ eventId, siteId, energySiteId, override: performance.dataQuality.override, interval }));
}
