import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelDispatchDocument, CommandByIdDocument, DispatchBatteryDocument } from '../../schema/generated/graphql.js';
import { DispatchSteps } from '../../src/dispatch/dispatch-steps.js';
import { siteSelector, startDispatchFleet, waitFor, type DemoOrganization, type FleetSite } from '../helpers/dispatch-fleet.js';
import type { TestStack } from '../helpers/test-stack.js';

/**
 * The gateway's send budget (COMMAND_GLOBAL_RATE_PER_S, COMMAND_DEVICE_RATE) is taken before a step
 * runs: it must cover every Tesla call the step makes — its reads included — or a large dispatch
 * sends more than the budget it was given.
 */
describe('the send budget of a dispatch step', () => {
  let stack: TestStack;
  let org: DemoOrganization;
  let sites: FleetSite[];
  // What each step takes from the budget (the runner reserves `teslaCalls` before it runs).
  const handlers = new DispatchSteps(null as never, null as never, null as never, null as never, null as never).handlers();

  beforeAll(async () => {
    // No watch read while the step is counted (the restore waits for the step's next one, which
    // finds the dispatch cancelled without calling Tesla), no telemetry poll, and the mutation's own
    // readiness check served from the cache: only the steps' calls reach the simulator.
    ({ stack, org, sites } = await startDispatchFleet({ DISPATCH_VERIFY_INTERVAL_S: '10', TELEMETRY_INTERVAL_S: '600', UPSTREAM_CACHE_TTL_S: '600' }));
  });
  afterAll(() => stack?.close());
  const { pick } = siteSelector(() => sites);
  const callsTo = async (energySiteId: string) => {
    const counters = await stack.sim.counters();
    return Object.entries(counters.byEndpointAndDevice as Record<string, number>)
      .filter(([key]) => key.endsWith(`:${energySiteId}`))
      .reduce((sum, [, n]) => sum + n, 0);
  };
  const command = (id: string) => stack.execute(CommandByIdDocument, { id }, org.apiKey).then((r) => r.data!.command!);

  it('covers the calls of a step that moves every lever, and of the restore that puts them back', { timeout: 90_000 }, async () => {
    // Export rule, grid charging, reserve and mode all change: the most levers a discharge moves.
    const site = pick((s) => s.sim.settings.exportRule === 'pv_only' && s.sim.settings.disallowChargeFromGridWithSolarInstalled && s.sim.permissions.editSettingPermissionToExport !== false && s.soc > 30);
    const primed = await stack.execute(`query ($id: ID!) { site(id: $id) { liveStatus { percentageCharged } settings { backupReservePercent } } }`, { id: site.id }, org.apiKey);
    expect(primed.errors).toBeUndefined();
    await stack.sim.resetCounters();
    const created = await stack.execute(
      DispatchBatteryDocument,
      { input: { siteIds: [site.id], mode: 'DISCHARGE', enableGridInteraction: true, until: new Date(Date.now() + 3600_000).toISOString() } },
      org.apiKey,
    );
    expect(created.errors).toBeUndefined();
    const stepId = created.data!.dispatchBattery.commands[0]!.id;
    await waitFor(() => command(stepId), (c) => c.status === 'SENT' && (c.reason ?? '').startsWith('levers set'));
    const stepCalls = await callsTo(site.energySiteId);
    expect(stepCalls).toBeGreaterThanOrEqual(5); // site_info, live_status, levers, site_info again
    expect(handlers['DISPATCH_SITE']!.teslaCalls).toBeGreaterThanOrEqual(stepCalls);

    await stack.sim.resetCounters();
    const cancelled = await stack.execute(CancelDispatchDocument, { input: { dispatchId: created.data!.dispatchBattery.dispatch!.id } }, org.apiKey);
    expect(cancelled.errors).toBeUndefined();
    const restore = await waitFor(
      () => stack.execute(`query ($id: ID!) { dispatch(id: $id) { commands(first: 10) { edges { node { kind status } } } } }`, { id: created.data!.dispatchBattery.dispatch!.id }, org.apiKey),
      (r) => (r.data as { dispatch: { commands: { edges: { node: { kind: string; status: string } }[] } } }).dispatch.commands.edges.some((e) => e.node.kind === 'RESTORE_SITE' && e.node.status === 'SUCCEEDED'),
      60_000,
    );
    expect(restore.errors).toBeUndefined();
    const restoreCalls = await callsTo(site.energySiteId);
    expect(restoreCalls).toBeGreaterThanOrEqual(4);
    expect(handlers['RESTORE_SITE']!.teslaCalls).toBeGreaterThanOrEqual(restoreCalls);
  });
});
