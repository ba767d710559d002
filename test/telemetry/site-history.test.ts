import { describe, expect, it } from 'vitest';
import { SiteHistoryDocument, type HistoryInterval } from '../../schema/generated/graphql.js';
import { localDaysBetween } from '../../src/telemetry/local-days.js';
import { useDemoStack } from '../helpers/demo-stack.js';
import { waitUntil } from '../helpers/ws-client.js';

interface Point {
  timestamp: string;
  source: 'POLL' | 'CALENDAR_HISTORY';
  sampleCount: number;
  solarPowerW: number | null;
  batteryPowerW: number | null;
  loadPowerW: number | null;
  gridPowerW: number | null;
  percentageCharged: number | null;
}
interface TelemetryEvent {
  siteTelemetry: { sampledAt: string; liveStatus: { solarPowerW: number; loadPowerW: number; percentageCharged: number | null } | null };
}

describe('Site.history', () => {
  const demo = useDemoStack({ TELEMETRY_INTERVAL_S: '1' });
  const { ws } = demo;

  const history = async (start: Date, end: Date, interval: HistoryInterval, apiKey = demo.org.apiKey) =>
    demo.stack.execute(SiteHistoryDocument, { id: demo.site.id, start: start.toISOString(), end: end.toISOString(), interval }, apiKey) as Promise<{
      data?: { site: { history: Point[] } } | null;
      errors?: { extensions?: { code?: string; field?: string } }[];
    }>;
  const calendarCalls = async () => (await demo.stack.sim.counters()).byEndpointAndDevice[`calendar_history:${demo.site.energySiteId}`] ?? 0;

  it("backfills a range before polling began from Tesla's calendar_history, once, and stores it", async () => {
    const now = new Date();
    const [yesterday] = localDaysBetween(demo.site.timeZone, new Date(now.getTime() - 86_400_000), new Date(now.getTime() - 86_400_000 + 1));
    await demo.stack.sim.resetCounters();
    const first = await history(yesterday!.start, yesterday!.end, 'FIVE_MINUTES');
    expect(first.errors).toBeUndefined();
    const points = first.data!.site.history;
    expect(await calendarCalls()).toBe(1);
    // A whole local day of 5-minute buckets (23 or 25 hours on a DST change).
    const hours = (yesterday!.end.getTime() - yesterday!.start.getTime()) / 3_600_000;
    expect(points).toHaveLength(hours * 12);
    expect(points.every((p) => p.source === 'CALENDAR_HISTORY' && p.percentageCharged === null)).toBe(true);
    const times = points.map((p) => Date.parse(p.timestamp));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[0]).toBe(yesterday!.start.getTime());

    // Fetched once: the same range again, and a coarser view of it, are answered from Postgres.
    const again = await history(yesterday!.start, yesterday!.end, 'FIVE_MINUTES');
    expect(again.data!.site.history).toEqual(points);
    const hourly = await history(yesterday!.start, yesterday!.end, 'HOUR');
    expect(hourly.data!.site.history).toHaveLength(hours);
    expect(hourly.data!.site.history[0]!.sampleCount).toBe(12);
    expect(await calendarCalls()).toBe(1);

    // Each point is Tesla's 5-minute energy turned into average power (Wh × 12 = W).
    const q = new URLSearchParams({ kind: 'energy', period: 'day', start_date: yesterday!.startIso, end_date: yesterday!.endIso, time_zone: demo.site.timeZone });
    const raw = await demo.stack.sim.fleet<{ response: { time_series: Record<string, number | string>[] } }>(
      `/api/1/energy_sites/${demo.site.energySiteId}/calendar_history?${q}`,
      demo.org.accessToken,
    );
    const noon = points.findIndex((p) => (p.solarPowerW ?? 0) > 0);
    expect(noon).toBeGreaterThanOrEqual(0);
    const item = raw.json.response.time_series.find((i) => Date.parse(String(i['timestamp'])) === Date.parse(points[noon]!.timestamp))!;
    expect(points[noon]!.solarPowerW).toBeCloseTo(Number(item['total_solar_generation']) * 12, 6);
    expect(points[noon]!.loadPowerW).toBeCloseTo(Number(item['total_home_usage']) * 12, 6);
    expect(points[noon]!.batteryPowerW).toBeCloseTo((Number(item['total_battery_discharge']) - Number(item['total_battery_charge'])) * 12, 6);
  });

  it('keeps every polled sample and returns them in order', async () => {
    const started = new Date();
    const sub = ws.subscribe<TelemetryEvent>(ws.client(demo.stack.gatewayUrl, demo.org.apiKey), `subscription ($ids: [ID!]!) { siteTelemetry(siteIds: $ids) { sampledAt liveStatus { solarPowerW loadPowerW percentageCharged } } }`, {
      ids: [demo.site.id],
    });
    await waitUntil(() => sub.events.filter((e) => Date.parse(e.siteTelemetry.sampledAt) >= started.getTime()).length >= 3, 10_000, 'three polled samples');
    sub.stop();
    await new Promise((r) => setTimeout(r, 300)); // the last flush reaches Postgres
    const polled = sub.events.map((e) => e.siteTelemetry).filter((e) => Date.parse(e.sampledAt) >= started.getTime());
    const raw = (await history(started, new Date(Date.now() + 1000), 'RAW')).data!.site.history;
    expect(raw.every((p) => p.source === 'POLL')).toBe(true);
    const times = raw.map((p) => Date.parse(p.timestamp));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    for (const event of polled) {
      const stored = raw.find((p) => Date.parse(p.timestamp) === Date.parse(event.sampledAt));
      expect(stored, `sample of ${event.sampledAt} is stored`).toBeDefined();
      expect(stored!.solarPowerW).toBe(event.liveStatus!.solarPowerW);
      expect(stored!.loadPowerW).toBe(event.liveStatus!.loadPowerW);
      expect(stored!.percentageCharged).toBe(event.liveStatus!.percentageCharged);
    }
    // Once polled, a range is no longer backfilled from Tesla.
    await demo.stack.sim.resetCounters();
    await history(started, new Date(), 'FIVE_MINUTES');
    expect(await calendarCalls()).toBe(0);
  });

  it('refuses a reversed or too long range, and another organization reads nothing', async () => {
    const now = new Date();
    const reversed = await history(now, new Date(now.getTime() - 60_000), 'RAW');
    expect(reversed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'end' });
    const tooLong = await history(new Date(now.getTime() - 40 * 86_400_000), now, 'DAY');
    expect(tooLong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'end' });
    const other = await demo.stack.createOrganization();
    const foreign = await history(new Date(now.getTime() - 3_600_000), now, 'RAW', other.apiKey);
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
