import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CancelProgramEventDocument,
  CreateProgramDocument,
  EnrollSitesDocument,
  ProgramByIdDocument,
  ProgramEventByIdDocument,
  ProgramEventPerformanceDocument,
  ProgramEventUpdatedDocument,
  ScheduleProgramEventDocument,
} from '../../schema/generated/graphql.js';
import { PERFORMANCE_CSV_HEADER } from '../../src/programs/performance/performance-csv.js';
import { startTestStack, type TestStack, type TestOrganization } from '../helpers/test-stack.js';
import { waitUntil, wsClients } from '../helpers/ws-client.js';

const SITES = 100;

interface SimSettings {
  settings: { backupReservePercent: number; operationMode: string; exportRule: string; disallowChargeFromGridWithSolarInstalled: boolean };
}

/**
 * Programs end to end on the real gateway and simulator: enrollment with refusals, a 100-site
 * FLEET_API event from schedule to frozen performance with staggered restores, conflicts,
 * cancellation, overrides, and an event that outlives the instance that scheduled it.
 */
describe('programs and events (Fleet API transport)', () => {
  let stack: TestStack;
  let org: TestOrganization & { connectionId: string; accessToken: string };
  let sites: { id: string; energySiteId: string }[];
  const ws = wsClients();

  beforeAll(async () => {
    // Real time (speed 1): the gateway's samples and Tesla's calendar_history share one clock.
    stack = await startTestStack({
      simulator: { largeAccountSites: SITES },
      env: {
        COMMAND_POLL_INTERVAL_S: '0.5',
        COMMAND_CONCURRENCY: '16',
        COMMAND_GLOBAL_RATE_PER_S: '400',
        DISPATCH_VERIFY_INTERVAL_S: '1',
        DISPATCH_VERIFY_POLLS: '10',
        UPSTREAM_CACHE_TTL_S: '2',
        TELEMETRY_INTERVAL_S: '5',
        EVENT_RESTORE_STAGGER_S: '6',
        EVENT_SETTLE_DELAY_S: '3',
        EVENT_WATCH_INTERVAL_S: '10',
      },
    });
    const created = await stack.createOrganization();
    org = { ...created, ...(await stack.connectAccount(created.organizationId, 'large')) };
    const result = await stack.execute(`query { sites(first: 500) { edges { node { id energySiteId } } } }`, {}, org.apiKey);
    sites = (result.data as { sites: { edges: { node: { id: string; energySiteId: string } }[] } }).sites.edges.map((e) => e.node);
    expect(sites).toHaveLength(SITES);
  });
  afterAll(async () => {
    await ws.disposeAll();
    await stack?.close();
  });

  const createProgram = async (transport: 'FLEET_API' | 'POWERHUB', baseline?: Record<string, unknown>, apiKey = org.apiKey) => {
    const result = await stack.execute(CreateProgramDocument, { input: { name: `program ${Date.now()}`, kind: 'DEMAND_RESPONSE', transport, ...(baseline ? { baseline } : {}) } }, apiKey);
    expect(result.errors).toBeUndefined();
    return result.data!.createProgram.program.id;
  };
  const eventOf = (id: string) =>
    stack.execute(ProgramEventByIdDocument, { id }, org.apiKey).then((r) => {
      if (!r.data?.programEvent) throw new Error(`programEvent: ${JSON.stringify(r.errors)}`);
      return r.data.programEvent;
    });
  const waitForEvent = async (id: string, ok: (e: Awaited<ReturnType<typeof eventOf>>) => boolean, timeoutMs: number, what: string) => {
    let last: Awaited<ReturnType<typeof eventOf>> | undefined;
    await waitUntil(async () => ok((last = await eventOf(id))), timeoutMs, what).catch((error: Error) => {
      throw new Error(`${error.message}; last: ${JSON.stringify({ status: last?.status, reason: last?.reason, commands: last?.commands.edges.map((e) => [e.node.kind, e.node.status, e.node.reason]).slice(0, 5) })}`);
    });
    return last!;
  };
  const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

  it('refuses only hard blockers at enrollment, each with its remedy', async () => {
    const demo = await stack.demoOrganization();
    // A second account whose consent lacks energy_cmds.
    await stack.connectAccount(demo.organizationId, 'small', ['openid', 'offline_access', 'energy_device_data']);
    const all = (await stack.execute(`query { sites(first: 500) { edges { node { id components { battery } account { id } } } } }`, {}, demo.apiKey)).data as {
      sites: { edges: { node: { id: string; components: { battery: boolean }; account: { id: string } } }[] };
    };
    const nodes = all.sites.edges.map((e) => e.node);
    const programId = await createProgram('FLEET_API', undefined, demo.apiKey);
    const result = await stack.execute(EnrollSitesDocument, { input: { programId, siteIds: nodes.map((n) => n.id) } }, demo.apiKey);
    expect(result.errors).toBeUndefined();
    const { enrolled, rejected } = result.data!.enrollSites;
    const rejectedBy = new Map(rejected.map((r) => [r.site.id, r]));
    for (const node of nodes) {
      const refusal = rejectedBy.get(node.id);
      if (!node.components.battery) expect(refusal?.code).toBe('NO_BATTERY');
      else if (node.account.id !== nodes[0]!.account.id && refusal) expect(refusal.code).toBe('MISSING_ENERGY_CMDS_SCOPE');
    }
    expect(rejected.some((r) => r.code === 'NO_BATTERY')).toBe(true);
    const scopeRefusal = rejected.find((r) => r.code === 'MISSING_ENERGY_CMDS_SCOPE');
    expect(scopeRefusal?.message).toMatch(/energy_cmds/);
    // Grid-interaction blockers (pv_only, storm watch…) are per event: such sites enroll.
    expect(enrolled.length).toBe(nodes.length - rejected.length);
    expect(enrolled.length).toBeGreaterThan(10);
    const program = (await stack.execute(ProgramByIdDocument, { id: programId }, demo.apiKey)).data!.program!;
    expect(program.enrollments.totalCount).toBe(enrolled.length);
    expect(program.enrollments.edges[0]!.enrolledAt).toBeTruthy();
    expect(program.capacity.siteCount).toBe(enrolled.length);
    expect(program.capacity.reportingSiteCount).toBeGreaterThan(0);
    expect(program.capacity.availableDischargeKw).toBeGreaterThan(0);

    // A POWERHUB program enrolls only sites linked to the organization's Powerhub (none here).
    const powerhubProgram = await createProgram('POWERHUB', undefined, demo.apiKey);
    const batterySite = nodes.find((n) => n.components.battery && !rejectedBy.has(n.id))!;
    const linked = await stack.execute(EnrollSitesDocument, { input: { programId: powerhubProgram, siteIds: [batterySite.id] } }, demo.apiKey);
    expect(linked.data!.enrollSites.rejected.map((r) => r.code)).toEqual(['NOT_LINKED_TO_POWERHUB']);
    expect(linked.data!.enrollSites.rejected[0]!.message).toMatch(/connectPowerhub/);
  });

  it(`runs a ${SITES}-site event from schedule to completion: commands, staggered restores, frozen performance and its CSV`, async () => {
    const programId = await createProgram('FLEET_API', { method: 'PRE_EVENT_WINDOW', windowMinutes: 30 });
    const enroll = await stack.execute(EnrollSitesDocument, { input: { programId, siteIds: sites.map((s) => s.id) } }, org.apiKey);
    expect(enroll.data!.enrollSites.rejected).toEqual([]);
    const before = await Promise.all(sites.slice(0, 5).map((s) => stack.sim.site(s.energySiteId) as Promise<unknown> as Promise<SimSettings>));

    const updates = ws.subscribe(ws.client(stack.gatewayUrl, org.apiKey), ProgramEventUpdatedDocument, { programId });
    const scheduled = await stack.execute(
      ScheduleProgramEventDocument,
      { input: { programId, mode: 'DISCHARGE', start: inSeconds(4), end: inSeconds(40), enableGridInteraction: true, idempotencyKey: 'evening-peak-1' } },
      org.apiKey,
    );
    expect(scheduled.errors).toBeUndefined();
    const event = scheduled.data!.scheduleProgramEvent.event;
    expect(event.status).toBe('SCHEDULED');
    expect(scheduled.data!.scheduleProgramEvent.conflicts).toEqual([]);
    // A replay of the key returns the same event.
    const replay = await stack.execute(
      ScheduleProgramEventDocument,
      { input: { programId, mode: 'DISCHARGE', start: event.start, end: event.end, enableGridInteraction: true, idempotencyKey: 'evening-peak-1' } },
      org.apiKey,
    );
    expect(replay.data!.scheduleProgramEvent.event.id).toBe(event.id);

    const active = await waitForEvent(event.id, (e) => e.status === 'ACTIVE', 20_000, 'the event to start');
    expect(active.dispatch).not.toBeNull();
    const completed = await waitForEvent(event.id, (e) => e.status === 'COMPLETED', 60_000, 'the event to complete');
    const steps = completed.commands.edges.map((e) => e.node).filter((c) => c.kind === 'DISPATCH_SITE');
    expect(steps).toHaveLength(SITES);
    expect(steps.filter((c) => c.status === 'SUCCEEDED').length).toBeGreaterThanOrEqual(SITES * 0.95);

    // Restores run after the end, spread over the stagger window, and put every lever back.
    const restored = await waitForEvent(
      event.id,
      (e) => e.commands.edges.filter((c) => c.node.kind === 'RESTORE_SITE' && c.node.status === 'SUCCEEDED').length === SITES,
      60_000,
      'every restore',
    );
    const restoreTimes = restored.commands.edges.filter((c) => c.node.kind === 'RESTORE_SITE').map((c) => Date.parse(c.node.completedAt!));
    expect(Math.min(...restoreTimes)).toBeGreaterThanOrEqual(Date.parse(event.end) - 1000);
    expect(Math.max(...restoreTimes) - Math.min(...restoreTimes)).toBeGreaterThan(2500);
    const after = await Promise.all(sites.slice(0, 5).map((s) => stack.sim.site(s.energySiteId) as Promise<unknown> as Promise<SimSettings>));
    // The tariff comes back rebuilt from the schedule Tesla reported (there was no tariff document to copy).
    const levers = ({ settings: s }: SimSettings) => [s.backupReservePercent, s.operationMode, s.exportRule, s.disallowChargeFromGridWithSolarInstalled];
    expect(after.map(levers)).toEqual(before.map(levers));

    // Performance: frozen after settling, one figure per site, and the CSV says the same.
    const frozen = await waitUntil(
      async () => (await stack.execute(ProgramEventPerformanceDocument, { id: event.id }, org.apiKey)).data!.programEvent!.performance?.frozen === true,
      30_000,
      'the performance to freeze',
    ).then(() => stack.execute(ProgramEventPerformanceDocument, { id: event.id }, org.apiKey));
    const performance = frozen.data!.programEvent!.performance!;
    expect(performance.baselineMethod).toBe('PRE_EVENT_WINDOW');
    expect(performance.sites).toHaveLength(SITES);
    const measured = performance.sites.filter((s) => s.deliveredKw !== null);
    expect(measured.length).toBeGreaterThanOrEqual(SITES * 0.9);
    // Batteries exporting against the half hour before (from calendar_history, before polling began): a positive delivery.
    expect(performance.deliveredKw!).toBeGreaterThan(0);

    const csv = await fetch(`${stack.gatewayUrl}/events/${encodeURIComponent(event.id)}/performance.csv`, { headers: { authorization: `Bearer ${org.apiKey}` } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await csv.text()).trimEnd().split('\n');
    expect(lines[0]).toBe(PERFORMANCE_CSV_HEADER);
    const intervals = performance.sites.flatMap((s) => s.intervals.map((i) => ({ site: s.site, i })));
    expect(lines).toHaveLength(1 + intervals.length);
    const rows = new Map(lines.slice(1).map((l) => l.split(',')).map((c) => [`${c[1]}|${c[3]}`, c]));
    for (const { site, i } of intervals) {
      const row = rows.get(`${site.id}|${i.start}`)!;
      expect(row[0]).toBe(event.id);
      expect(row[2]).toBe(site.energySiteId);
      expect(row[5]).toBe(i.baselineKw === null ? '' : String(i.baselineKw));
      expect(row[7]).toBe(i.deliveredKw === null ? '' : String(i.deliveredKw));
      expect(row[8]).toBe(i.energyWh === null ? '' : String(i.energyWh));
    }
    const unauthenticated = await fetch(`${stack.gatewayUrl}/events/${encodeURIComponent(event.id)}/performance.csv`);
    expect(unauthenticated.status).toBe(401);
    const otherOrg = await stack.createOrganization();
    const foreign = await fetch(`${stack.gatewayUrl}/events/${encodeURIComponent(event.id)}/performance.csv`, { headers: { authorization: `Bearer ${otherOrg.apiKey}` } });
    expect(foreign.status).toBe(404);

    await waitUntil(() => updates.events.some((e) => e.programEventUpdated.status === 'COMPLETED'), 5_000, 'programEventUpdated COMPLETED');
    expect(updates.events.map((e) => e.programEventUpdated.status)).toEqual(expect.arrayContaining(['ACTIVE', 'COMPLETED']));
    updates.stop();
  }, 240_000);

  it('leaves out sites already in an overlapping event (SCHEDULE_CONFLICT), and a cancel mid-event restores at once', async () => {
    const programId = await createProgram('FLEET_API');
    await stack.execute(EnrollSitesDocument, { input: { programId, siteIds: sites.slice(0, 20).map((s) => s.id) } }, org.apiKey);
    const before = (await stack.sim.site(sites[0]!.energySiteId)) as unknown as SimSettings;
    const first = await stack.execute(
      ScheduleProgramEventDocument,
      { input: { programId, mode: 'DISCHARGE', start: inSeconds(3), end: inSeconds(120), siteIds: sites.slice(0, 10).map((s) => s.id), enableGridInteraction: true } },
      org.apiKey,
    );
    const firstId = first.data!.scheduleProgramEvent.event.id;
    const second = await stack.execute(
      ScheduleProgramEventDocument,
      { input: { programId, mode: 'DISCHARGE', start: inSeconds(60), end: inSeconds(90), siteIds: sites.slice(0, 20).map((s) => s.id), enableGridInteraction: true } },
      org.apiKey,
    );
    expect(second.errors).toBeUndefined();
    const { event: secondEvent, conflicts } = second.data!.scheduleProgramEvent;
    expect(conflicts.map((c) => c.site.id).sort()).toEqual(sites.slice(0, 10).map((s) => s.id).sort());
    expect(conflicts.every((c) => c.code === 'SCHEDULE_CONFLICT' && c.conflictingId === firstId)).toBe(true);
    expect((await eventOf(secondEvent.id)).sites.map((s) => s.id).sort()).toEqual(sites.slice(10, 20).map((s) => s.id).sort());
    // Every targeted site taken: the whole request is refused, with the conflict named.
    const refused = await stack.execute(
      ScheduleProgramEventDocument,
      { input: { programId, mode: 'DISCHARGE', start: inSeconds(30), end: inSeconds(50), siteIds: [sites[0]!.id], enableGridInteraction: true } },
      org.apiKey,
    );
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'SCHEDULE_CONFLICT', siteId: expect.any(String), conflictingId: firstId });

    await waitForEvent(firstId, (e) => e.commands.edges.filter((c) => c.node.kind === 'DISPATCH_SITE' && c.node.status === 'SUCCEEDED').length >= 9, 40_000, 'the first event to dispatch');
    const cancelled = await stack.execute(CancelProgramEventDocument, { input: { eventId: firstId } }, org.apiKey);
    expect(cancelled.data!.cancelProgramEvent.event.status).toBe('CANCELLED');
    // Restores run now, not at the end nor staggered.
    await waitForEvent(firstId, (e) => e.commands.edges.filter((c) => c.node.kind === 'RESTORE_SITE' && c.node.status === 'SUCCEEDED').length === 10, 20_000, 'restores after cancel');
    const after = (await stack.sim.site(sites[0]!.energySiteId)) as unknown as SimSettings;
    expect(after.settings.backupReservePercent).toBe(before.settings.backupReservePercent);
    expect(after.settings.operationMode).toBe(before.settings.operationMode);
    expect(after.settings.exportRule).toBe(before.settings.exportRule);
    // A scheduled event is cancelled before anything is sent.
    const cancelledSecond = await stack.execute(CancelProgramEventDocument, { input: { eventId: secondEvent.id } }, org.apiKey);
    expect(cancelledSecond.data!.cancelProgramEvent.event.status).toBe('CANCELLED');
    expect((await eventOf(secondEvent.id)).commands.totalCount).toBe(0);
  }, 120_000);

  it("flags a site whose customer changes a setting during the event (kept), and one entering a Storm Watch; both are left alone and restored", async () => {
    const programId = await createProgram('FLEET_API');
    const targets = sites.slice(30, 33);
    await stack.execute(EnrollSitesDocument, { input: { programId, siteIds: targets.map((s) => s.id) } }, org.apiKey);
    const fleetCommand = (energySiteId: string, command: string, body: object) =>
      fetch(`${stack.simulator.url}/api/1/energy_sites/${energySiteId}/${command}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${org.accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    // The second site's owner has opted into Storm Watch (no Storm Watch yet).
    expect((await fleetCommand(targets[1]!.energySiteId, 'storm_mode', { enabled: true })).status).toBe(200);
    const before = (await stack.sim.site(targets[0]!.energySiteId)) as unknown as SimSettings;
    const beforeStorm = (await stack.sim.site(targets[1]!.energySiteId)) as unknown as SimSettings;
    const scheduled = await stack.execute(
      ScheduleProgramEventDocument,
      { input: { programId, mode: 'DISCHARGE', start: inSeconds(2), end: inSeconds(120), siteIds: targets.map((s) => s.id), enableGridInteraction: true } },
      org.apiKey,
    );
    const eventId = scheduled.data!.scheduleProgramEvent.event.id;
    await waitForEvent(eventId, (e) => e.commands.edges.filter((c) => c.node.kind === 'DISPATCH_SITE' && c.node.status === 'SUCCEEDED').length === 3, 40_000, 'the event to dispatch');
    // The customer raises the reserve in the Tesla app (the same Fleet API call the app makes).
    expect((await fleetCommand(targets[0]!.energySiteId, 'backup', { backup_reserve_percent: 55 })).status).toBe(200);
    // A Storm Watch starts at the second site: Tesla holds its battery full.
    await stack.sim.setStormWatch(targets[1]!.energySiteId, true);

    const flagged = await waitUntil(
      async () => {
        const sitesPerformance = (await stack.execute(ProgramEventPerformanceDocument, { id: eventId }, org.apiKey)).data!.programEvent!.performance?.sites ?? [];
        const flaggedIds = sitesPerformance.filter((s) => s.dataQuality.override).map((s) => s.site.id);
        return flaggedIds.includes(targets[0]!.id) && flaggedIds.includes(targets[1]!.id);
      },
      40_000,
      'both overrides to be flagged',
    ).then(() => eventOf(eventId));
    const restore = await waitForEvent(
      eventId,
      (e) => e.commands.edges.some((c) => c.node.kind === 'RESTORE_SITE' && (c.node.target as { id?: string }).id === targets[0]!.id && c.node.status === 'SUCCEEDED'),
      20_000,
      'the overridden site to be restored',
    );
    expect(flagged.status).toBe('ACTIVE');
    const restored = restore.commands.edges.find((c) => c.node.kind === 'RESTORE_SITE' && (c.node.target as { id?: string }).id === targets[0]!.id)!.node;
    expect(restored.reason).toMatch(/kept what the customer changed during the event: reserve/);
    const after = (await stack.sim.site(targets[0]!.energySiteId)) as unknown as SimSettings;
    expect(after.settings.backupReservePercent).toBe(55);
    expect(after.settings.operationMode).toBe(before.settings.operationMode);
    expect(after.settings.exportRule).toBe(before.settings.exportRule);
    // The storm-watch site is restored too; the third site stays in the event.
    const restoredSites = await waitForEvent(
      eventId,
      (e) => e.commands.edges.filter((c) => c.node.kind === 'RESTORE_SITE' && c.node.status === 'SUCCEEDED').length === 2,
      20_000,
      'the storm-watch site to be restored',
    );
    const restoredIds = restoredSites.commands.edges.filter((c) => c.node.kind === 'RESTORE_SITE' && c.node.status === 'SUCCEEDED').map((c) => (c.node.target as { id?: string }).id);
    expect(restoredIds.sort()).toEqual([targets[0]!.id, targets[1]!.id].sort());
    const stormSite = (await stack.sim.site(targets[1]!.energySiteId)) as unknown as SimSettings;
    expect([stormSite.settings.backupReservePercent, stormSite.settings.operationMode, stormSite.settings.exportRule]).toEqual([
      beforeStorm.settings.backupReservePercent,
      beforeStorm.settings.operationMode,
      beforeStorm.settings.exportRule,
    ]);
    await stack.execute(CancelProgramEventDocument, { input: { eventId } }, org.apiKey);
  }, 120_000);
});
