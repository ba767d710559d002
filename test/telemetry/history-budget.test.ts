import { describe, expect, it } from 'vitest';
import { parseGlobalId } from '../../src/graphql/global-id.js';
import { localDaysBetween } from '../../src/telemetry/local-days.js';
import { useDemoStack, type DemoStack } from '../helpers/demo-stack.js';
import { executeOperation, type GraphqlResponse } from '../helpers/graphql-client.js';

/**
 * Issue 11 item 3: no caller can spend a site's Tesla budget through Site.history — ranges are
 * bounded by the installation day and the retention window, calendar_history backfill draws on a
 * small per-site budget shared by every instance, and live reads of the site keep working.
 */

const DAY_MS = 86_400_000;
const BUDGET = 3;

const HISTORY = `query ($id: ID!, $start: DateTime!, $end: DateTime!) {
  site(id: $id) { history(start: $start, end: $end, interval: DAY) { timestamp source sampleCount } } }`;
const PENDING = `query ($id: ID!, $start: DateTime!, $end: DateTime!) { site(id: $id) { historyPendingDays(start: $start, end: $end) } }`;
const LIVE = `query ($id: ID!) { site(id: $id) { liveStatus { percentageCharged solarPowerW } } }`;
const BATTERY_SITES = `query { sites(first: 2, filter: { hasBattery: true }) { edges { node { id energySiteId timeZone } } } }`;

interface Point {
  timestamp: string;
  source: 'POLL' | 'CALENDAR_HISTORY';
  sampleCount: number;
}
interface SiteRef {
  id: string;
  energySiteId: string;
  timeZone: string;
}

function client(demo: DemoStack, url = demo.stack.gatewayUrl) {
  const run = <T>(query: string, variables: Record<string, unknown>) => executeOperation(url, query, variables, demo.org.apiKey) as Promise<GraphqlResponse<{ site: T }>>;
  return {
    history: (siteId: string, start: Date, end: Date) => run<{ history: Point[] }>(HISTORY, { id: siteId, start: start.toISOString(), end: end.toISOString() }),
    pending: (siteId: string, start: Date, end: Date) => run<{ historyPendingDays: string[] }>(PENDING, { id: siteId, start: start.toISOString(), end: end.toISOString() }),
    live: (siteId: string) => run<{ liveStatus: { percentageCharged: number | null } | null }>(LIVE, { id: siteId }),
  };
}

const calendarCalls = async (demo: DemoStack, site: SiteRef = demo.site) => (await demo.stack.sim.counters()).byEndpointAndDevice[`calendar_history:${site.energySiteId}`] ?? 0;
const liveCalls = async (demo: DemoStack, site: SiteRef = demo.site) => (await demo.stack.sim.counters()).byEndpointAndDevice[`live_status:${site.energySiteId}`] ?? 0;

/** The site's local day of an instant (YYYY-MM-DD). */
const dayOf = (timeZone: string, at: number) => localDaysBetween(timeZone, new Date(at), new Date(at + 1))[0]!;

describe('Site.history is bounded by the installation day', () => {
  // Retention off: only the installation day bounds history here.
  const demo = useDemoStack({ TELEMETRY_RETENTION_DAYS: '0' });

  it('refuses a start before the installation day (and 1970) with BAD_USER_INPUT on start, without calling Tesla', async () => {
    const api = client(demo);
    const info = await demo.stack.sim.fleet<{ response: { installation_date: string } }>(`/api/1/energy_sites/${demo.site.energySiteId}/site_info`, demo.org.accessToken);
    const installed = Date.parse(info.json.response.installation_date);
    expect(Number.isNaN(installed)).toBe(false);
    const installationDay = dayOf(demo.site.timeZone, installed);
    await demo.stack.sim.resetCounters();

    const ranges: [Date, Date][] = [
      [new Date(installationDay.start.getTime() - 2 * DAY_MS), new Date(installationDay.start.getTime() + DAY_MS)],
      [new Date(installationDay.start.getTime() - 60_000), installationDay.end],
      [new Date('1970-01-01T00:00:00Z'), new Date('1970-01-20T00:00:00Z')],
    ];
    for (const [start, end] of ranges) {
      const history = await api.history(demo.site.id, start, end);
      expect(history.errors?.[0]?.extensions, `history from ${start.toISOString()}`).toMatchObject({ code: 'BAD_USER_INPUT', field: 'start' });
      const pending = await api.pending(demo.site.id, start, end);
      expect(pending.errors?.[0]?.extensions, `pending days from ${start.toISOString()}`).toMatchObject({ code: 'BAD_USER_INPUT', field: 'start' });
    }
    expect(await calendarCalls(demo)).toBe(0);

    // From the installation day's local midnight on, history answers (backfilled from Tesla).
    const allowed = await api.history(demo.site.id, installationDay.start, installationDay.end);
    expect(allowed.errors).toBeUndefined();
    expect(await calendarCalls(demo)).toBe(1);
    expect((await api.pending(demo.site.id, installationDay.start, installationDay.end)).data?.site.historyPendingDays).toEqual([]);
  });
});

describe('Site.history backfill budget', () => {
  const demo = useDemoStack({ HISTORY_BACKFILL_PER_MINUTE: String(BUDGET) });

  it('refuses a start before the retention window (90 days) or in 1970 with BAD_USER_INPUT on start', async () => {
    const api = client(demo);
    await demo.stack.sim.resetCounters();
    const now = Date.now();
    for (const start of [new Date(now - 100 * DAY_MS), new Date('1970-01-01T00:00:00Z')]) {
      const end = new Date(start.getTime() + 2 * DAY_MS);
      expect((await api.history(demo.site.id, start, end)).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'start' });
      expect((await api.pending(demo.site.id, start, end)).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'start' });
    }
    expect(await calendarCalls(demo)).toBe(0);
  });

  it('spends at most the budget on a long range, answers with what is stored, and lists the days still to fetch', async () => {
    const api = client(demo);
    const zone = demo.site.timeZone;
    const now = Date.now();
    const start = dayOf(zone, now - 20 * DAY_MS).start;
    const end = new Date(now);
    const allDays = localDaysBetween(zone, start, end).map((d) => d.day);
    await demo.stack.sim.resetCounters();

    expect((await api.pending(demo.site.id, start, end)).data?.site.historyPendingDays).toEqual(allDays);
    expect(await calendarCalls(demo)).toBe(0); // listing pending days reads nothing from Tesla

    const first = await api.history(demo.site.id, start, end);
    expect(first.errors).toBeUndefined();
    expect(await calendarCalls(demo)).toBe(BUDGET);
    const pending = (await api.pending(demo.site.id, start, end)).data!.site.historyPendingDays;
    // The newest days were fetched; the older ones wait for the budget to refill.
    expect(pending).toEqual(allDays.slice(0, allDays.length - BUDGET));
    // What is answered is what is stored: nothing from a pending day.
    const pendingSet = new Set(pending);
    for (const point of first.data!.site.history) expect(pendingSet.has(dayOf(zone, Date.parse(point.timestamp)).day), point.timestamp).toBe(false);

    // Asked again within the minute: no more Tesla calls, the same answer.
    const again = await api.history(demo.site.id, start, end);
    expect(again.errors).toBeUndefined();
    expect(again.data!.site.history).toEqual(first.data!.site.history);
    expect(await calendarCalls(demo)).toBe(BUDGET);
    expect((await api.pending(demo.site.id, start, end)).data?.site.historyPendingDays).toEqual(pending);
  });

  it("keeps the site's live status reads working while backfill is exhausted (no 429 from our own backfill)", async () => {
    const api = client(demo);
    const now = Date.now();
    await demo.stack.sim.resetCounters();
    // 60 days of history in two calls: more calendar_history than Tesla allows a device in a minute.
    const ranges: [Date, Date][] = [
      [new Date(now - 50 * DAY_MS), new Date(now - 20 * DAY_MS)],
      [new Date(now - 80 * DAY_MS), new Date(now - 50 * DAY_MS)],
    ];
    const histories = [];
    for (const [from, to] of ranges) histories.push(await api.history(demo.site.id, from, to));

    const live = await api.live(demo.site.id);
    expect(live.errors, 'live status is read while backfill is exhausted').toBeUndefined();
    expect(live.data?.site.liveStatus).not.toBeNull();
    expect(await calendarCalls(demo)).toBeLessThanOrEqual(BUDGET);
    for (const history of histories) expect(history.errors, 'history answers with what is stored').toBeUndefined();
    for (const [from, to] of ranges) expect((await api.pending(demo.site.id, from, to)).data?.site.historyPendingDays.length).toBeGreaterThan(20);
    expect(await liveCalls(demo)).toBe(1);
  });

  it("never lets dashboards starve settlement: program M&V backfills from its own reserve", async () => {
    const api = client(demo);
    const zone = demo.site.timeZone;
    const now = Date.now();
    const range: [Date, Date] = [dayOf(zone, now - 35 * DAY_MS).start, dayOf(zone, now - 27 * DAY_MS).start]; // 8 days: more than the dashboard share
    await demo.stack.sim.resetCounters();
    // The dashboard share is spent (earlier tests, and this range once more within the minute)…
    await api.history(demo.site.id, ...range);
    const spentByDashboards = await calendarCalls(demo);
    expect(spentByDashboards).toBeLessThanOrEqual(BUDGET);
    const pending = (await api.pending(demo.site.id, ...range)).data!.site.historyPendingDays;
    expect(pending.length).toBeGreaterThan(0);
    // …yet a baseline's backfill (what the event queue's prepare step runs) still fetches those days.
    const found = await demo.stack.gateway.services.sites.siteWithConnection(demo.org.organizationId, parseGlobalId(demo.site.id, 'Site', 'id'));
    const left = await demo.stack.gateway.services.telemetryHistory.backfill(found!.site, found!.connection, ...range, 'settlement');
    expect(left).toEqual([]);
    expect(await calendarCalls(demo)).toBe(spentByDashboards + pending.length);
    expect((await api.pending(demo.site.id, ...range)).data?.site.historyPendingDays).toEqual([]);
  });

  it.runIf(Boolean(process.env['DATABASE_URL'] && process.env['REDIS_URL']))('shares the budget between gateway instances', async () => {
    const sites = (await executeOperation(demo.stack.gatewayUrl, BATTERY_SITES, {}, demo.org.apiKey)) as GraphqlResponse<{ sites: { edges: { node: SiteRef }[] } }>;
    const site = sites.data!.sites.edges[1]!.node; // a site whose budget is untouched
    const other = await demo.stack.addGatewayInstance({ HISTORY_BACKFILL_PER_MINUTE: String(BUDGET) });
    const one = client(demo);
    const two = client(demo, other.url);
    const now = Date.now();
    const older: [Date, Date] = [dayOf(site.timeZone, now - 12 * DAY_MS).start, dayOf(site.timeZone, now - 6 * DAY_MS).start];
    const newer: [Date, Date] = [older[1], dayOf(site.timeZone, now - DAY_MS).start];
    await demo.stack.sim.resetCounters();

    expect((await one.history(site.id, ...older)).errors).toBeUndefined();
    expect(await calendarCalls(demo, site)).toBe(BUDGET);
    // The other instance finds the site's budget spent: it answers from storage and calls nothing.
    const fromTwo = await two.history(site.id, ...newer);
    expect(fromTwo.errors).toBeUndefined();
    expect(await calendarCalls(demo, site)).toBe(BUDGET);
    expect((await two.pending(site.id, ...newer)).data?.site.historyPendingDays).toEqual(localDaysBetween(site.timeZone, ...newer).map((d) => d.day));
    // Both instances agree on what is still to fetch.
    expect((await two.pending(site.id, ...older)).data?.site.historyPendingDays).toEqual((await one.pending(site.id, ...older)).data?.site.historyPendingDays);
  });
});
