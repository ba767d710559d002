import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CancelProgramEventDocument,
  ConnectPowerhubDocument,
  CreateProgramDocument,
  EnrollSitesDocument,
  ProgramEventByIdDocument,
  ProgramEventPerformanceDocument,
  ScheduleProgramEventDocument,
} from '../../schema/generated/graphql.js';
import { databaseQueries } from '../helpers/database-queries.js';
import { startTestStack, type TestOrganization, type TestStack } from '../helpers/test-stack.js';
import { waitUntil } from '../helpers/ws-client.js';

const SITES = 100;

interface PowerhubView {
  dispatches: { dispatch_id: string; state: string; mode: string; per_site_kw: number; sites: { site_id: string; status: string; delivered_kwh: number }[] }[];
}

/** A POWERHUB program's event: one Powerhub dispatch for its sites, per-site commands, our M&V beside Powerhub's figure. */
describe('program events over Powerhub', () => {
  let stack: TestStack;
  let org: TestOrganization & { connectionId: string; accessToken: string };
  let sites: { id: string; energySiteId: string }[];

  beforeAll(async () => {
    stack = await startTestStack({
      simulator: { largeAccountSites: SITES },
      env: { TELEMETRY_INTERVAL_S: '5', EVENT_SETTLE_DELAY_S: '2', EVENT_WATCH_INTERVAL_S: '5', UPSTREAM_CACHE_TTL_S: '2', COMMAND_POLL_INTERVAL_S: '0.5' },
    });
    const created = await stack.createOrganization();
    org = { ...created, ...(await stack.connectAccount(created.organizationId, 'large')) };
    const connected = await stack.execute(ConnectPowerhubDocument, { input: { clientId: 'derms-sandbox-powerhub', clientSecret: 'derms-sandbox-powerhub-secret' } }, org.apiKey);
    expect(connected.errors).toBeUndefined();
    const result = await stack.execute(`query { sites(first: 500) { edges { node { id energySiteId } } } }`, {}, org.apiKey);
    sites = (result.data as { sites: { edges: { node: { id: string; energySiteId: string } }[] } }).sites.edges.map((e) => e.node);
  });
  afterAll(async () => {
    await stack?.close();
  });

  const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();
  const eventOf = (id: string) => stack.execute(ProgramEventByIdDocument, { id }, org.apiKey).then((r) => r.data!.programEvent!);

  it(`runs a ${SITES}-site event as one Powerhub dispatch, with a command per site and performance beside Powerhub's figure`, async () => {
    const programId = (await stack.execute(CreateProgramDocument, { input: { name: 'VPP over Powerhub', kind: 'VPP', transport: 'POWERHUB', baseline: { windowMinutes: 30 } } }, org.apiKey)).data!
      .createProgram.program.id;
    const enrolled = await stack.execute(EnrollSitesDocument, { input: { programId, siteIds: sites.map((s) => s.id) } }, org.apiKey);
    expect(enrolled.data!.enrollSites.rejected).toEqual([]);
    expect(enrolled.data!.enrollSites.enrolled).toHaveLength(SITES);

    // Modes Powerhub has no set-point for are refused up front.
    const idle = await stack.execute(ScheduleProgramEventDocument, { input: { programId, mode: 'IDLE', start: inSeconds(5), end: inSeconds(30), enableGridInteraction: false } }, org.apiKey);
    expect(idle.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.mode' });

    await stack.sim.resetCounters();
    const scheduled = await stack.execute(
      ScheduleProgramEventDocument,
      { input: { programId, mode: 'DISCHARGE', start: inSeconds(3), end: inSeconds(25), targetKw: 250, enableGridInteraction: true } },
      org.apiKey,
    );
    expect(scheduled.errors).toBeUndefined();
    const eventId = scheduled.data!.scheduleProgramEvent.event.id;
    await waitUntil(async () => (await eventOf(eventId)).status === 'ACTIVE', 20_000, 'the event to start');
    const active = await eventOf(eventId);
    expect(active.dispatch).toBeNull();
    const commands = active.commands.edges.map((e) => e.node);
    expect(commands).toHaveLength(SITES);
    expect(commands.every((c) => c.kind === 'POWERHUB_DISPATCH_SITE' && c.status === 'SUCCEEDED')).toBe(true);
    // One Powerhub dispatch for the whole event, 250 kW over 100 sites = 2.5 kW each.
    const counters = await stack.sim.counters();
    expect(counters.byEndpointAndDevice['powerhub:dispatches:create']).toBe(1);
    const view = (await (await fetch(`${stack.simulator.url}/sim/powerhub`)).json()) as PowerhubView;
    const dispatch = view.dispatches.at(-1)!;
    expect(dispatch).toMatchObject({ mode: 'discharge', per_site_kw: 2.5 });
    expect(dispatch.sites).toHaveLength(SITES);
    // Nothing of the customers' settings is touched on this transport.
    expect(counters.byEndpoint['backup'] ?? 0).toBe(0);
    // Each command links back to the event; the 100 links are one query, not one per command.
    let links: (string | null)[] = [];
    const sql = await databaseQueries(stack.gateway, async () => {
      const listed = await stack.execute(
        `query { commands(first: ${SITES}, filter: { kinds: [POWERHUB_DISPATCH_SITE] }) { edges { node { parameters { ... on PowerhubDispatchParameters { event { id } perSiteKw } } } } } }`,
        {},
        org.apiKey,
      );
      expect(listed.errors).toBeUndefined();
      type Listed = { commands: { edges: { node: { parameters: { event: { id: string } | null } } }[] } };
      links = (listed.data as Listed).commands.edges.map((e) => e.node.parameters.event?.id ?? null);
    });
    expect(links).toEqual(Array(SITES).fill(eventId));
    // The organization's events read by id (the event's own jobs read it by id alone).
    expect(sql.filter((q) => /^select \* from "program_events" where "organization_id"/.test(q))).toHaveLength(1);

    await waitUntil(async () => (await eventOf(eventId)).status === 'COMPLETED', 40_000, 'the event to complete');
    await waitUntil(
      async () => (await stack.execute(ProgramEventPerformanceDocument, { id: eventId }, org.apiKey)).data!.programEvent!.performance?.frozen === true,
      30_000,
      'the performance to freeze',
    );
    const performance = (await stack.execute(ProgramEventPerformanceDocument, { id: eventId }, org.apiKey)).data!.programEvent!.performance!;
    expect(performance.sites).toHaveLength(SITES);
    expect(performance.deliveredKw!).toBeGreaterThan(0);
    // Powerhub's own figure is kept beside ours.
    // Powerhub's own figure is kept beside ours, as Powerhub reported it.
    const settled = (await (await fetch(`${stack.simulator.url}/sim/powerhub`)).json()) as PowerhubView;
    const reported = settled.dispatches.find((d) => d.dispatch_id === dispatch.dispatch_id)!.sites.map((s) => s.delivered_kwh).sort();
    expect(performance.sites.map((s) => s.powerhubDeliveredKwh).sort()).toEqual(reported);
  }, 180_000);

  it('cancels a running Powerhub event with one DELETE', async () => {
    const programId = (await stack.execute(CreateProgramDocument, { input: { name: 'cancel', kind: 'GRID_SERVICES', transport: 'POWERHUB' } }, org.apiKey)).data!.createProgram.program.id;
    await stack.execute(EnrollSitesDocument, { input: { programId, siteIds: sites.slice(0, 10).map((s) => s.id) } }, org.apiKey);
    const scheduled = await stack.execute(ScheduleProgramEventDocument, { input: { programId, mode: 'CHARGE', start: inSeconds(2), end: inSeconds(120), enableGridInteraction: true } }, org.apiKey);
    const eventId = scheduled.data!.scheduleProgramEvent.event.id;
    await waitUntil(async () => (await eventOf(eventId)).status === 'ACTIVE', 20_000, 'the event to start');
    await stack.sim.resetCounters();
    const cancelled = await stack.execute(CancelProgramEventDocument, { input: { eventId } }, org.apiKey);
    expect(cancelled.data!.cancelProgramEvent.event.status).toBe('CANCELLED');
    expect((await stack.sim.counters()).byEndpointAndDevice['powerhub:dispatches:cancel']).toBe(1);
    const view = (await (await fetch(`${stack.simulator.url}/sim/powerhub`)).json()) as PowerhubView;
    expect(view.dispatches.at(-1)!.state).toBe('cancelled');
  }, 60_000);
});
