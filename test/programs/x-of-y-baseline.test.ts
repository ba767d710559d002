import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateProgramDocument, EnrollSitesDocument, ProgramEventPerformanceDocument, ScheduleProgramEventDocument } from '../../schema/generated/graphql.js';
import { addDays, isWeekday, localInstant, localTime } from '../../src/programs/performance/local-clock.js';
import { startTestStack, type TestOrganization, type TestStack } from '../helpers/test-stack.js';
import { waitUntil } from '../helpers/ws-client.js';

const INTERVAL_MS = 300_000;

/**
 * An X-of-Y-days baseline end to end: the simulator has ten days of history, the gateway fetches
 * the past weekdays from calendar_history when the event is prepared, stores them, and the frozen
 * baseline of each interval is the mean of the chosen days' stored grid power at the same local
 * clock time — the two highest-import weekdays of the three most recent.
 */
describe('X_OF_Y_DAYS baseline from calendar_history', () => {
  let stack: TestStack;
  let org: TestOrganization & { connectionId: string; accessToken: string };

  beforeAll(async () => {
    stack = await startTestStack({
      simulator: { largeAccountSites: 3, historyDays: 10 },
      env: { TELEMETRY_INTERVAL_S: '5', EVENT_SETTLE_DELAY_S: '2', DISPATCH_VERIFY_INTERVAL_S: '1', COMMAND_POLL_INTERVAL_S: '0.5', EVENT_RESTORE_STAGGER_S: '1' },
    });
    const created = await stack.createOrganization();
    org = { ...created, ...(await stack.connectAccount(created.organizationId, 'large')) };
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('averages the two highest-import weekdays of the three most recent, per local interval, to the watt', async () => {
    const sites = ((await stack.execute(`query { sites(first: 10) { edges { node { id timeZone } } } }`, {}, org.apiKey)).data as { sites: { edges: { node: { id: string; timeZone: string } }[] } }).sites.edges.map(
      (e) => e.node,
    );
    const programId = (
      await stack.execute(CreateProgramDocument, { input: { name: 'CAISO-style', kind: 'DEMAND_RESPONSE', transport: 'FLEET_API', baseline: { method: 'X_OF_Y_DAYS', x: 2, y: 3, adjustmentHours: 0 } } }, org.apiKey)
    ).data!.createProgram.program.id;
    await stack.execute(EnrollSitesDocument, { input: { programId, siteIds: sites.map((s) => s.id) } }, org.apiKey);
    const start = new Date(Date.now() + 3000);
    const scheduled = await stack.execute(
      ScheduleProgramEventDocument,
      { input: { programId, mode: 'DISCHARGE', start: start.toISOString(), end: new Date(start.getTime() + 15_000).toISOString(), enableGridInteraction: true } },
      org.apiKey,
    );
    const eventId = scheduled.data!.scheduleProgramEvent.event.id;
    const performanceOf = async () => (await stack.execute(ProgramEventPerformanceDocument, { id: eventId }, org.apiKey)).data!.programEvent!.performance;
    await waitUntil(async () => (await performanceOf())?.frozen === true, 90_000, 'the performance to freeze');
    const performance = (await performanceOf())!;
    expect(performance.baselineMethod).toBe('X_OF_Y_DAYS');

    const db = stack.gateway.database.db;
    for (const site of performance.sites) {
      const zone = sites.find((s) => s.id === site.site.id)!.timeZone;
      const siteRowId = Buffer.from(site.site.id, 'base64').toString().split(':')[1]!;
      expect(site.dataQuality.baselineIssue).toBeNull();
      expect(site.dataQuality.timeZoneAssumed).toBe(false);
      // The three most recent weekdays before the event's local day; the two with the most import.
      const eventDay = localTime(zone, start.getTime()).day;
      const candidates: string[] = [];
      for (let day = addDays(eventDay, -1); candidates.length < 3; day = addDays(day, -1)) if (isWeekday(day)) candidates.push(day);
      const stored = await db
        .selectFrom('telemetry_samples')
        .select(['sampled_at', 'grid_power_w'])
        .where('site_id', '=', siteRowId)
        .where('source', '=', 'CALENDAR_HISTORY')
        .execute();
      const gridAt = new Map(stored.map((r) => [new Date(r.sampled_at).getTime(), r.grid_power_w ?? 0]));
      const slots = site.intervals.map((i) => localTime(zone, Date.parse(i.start)).minuteOfDay);
      const valueOn = (day: string, minute: number) => gridAt.get(localInstant(zone, day, minute)!);
      for (const day of candidates) expect(slots.every((m) => valueOn(day, m) !== undefined)).toBe(true);
      const importOf = (day: string) => slots.reduce((sum, m) => sum + Math.max(0, valueOn(day, m)!), 0);
      const chosen = [...candidates].sort((a, b) => importOf(b) - importOf(a) || b.localeCompare(a)).slice(0, 2);
      expect([...site.dataQuality.baselineDays].sort()).toEqual([...chosen].sort());
      site.intervals.forEach((interval, i) => {
        const expectedW = chosen.reduce((sum, day) => sum + valueOn(day, slots[i]!)!, 0) / chosen.length;
        expect(interval.baselineKw).toBeCloseTo(expectedW / 1000, 3);
        expect(Date.parse(interval.end) - Date.parse(interval.start)).toBe(INTERVAL_MS);
      });
    }
  }, 150_000);
});
