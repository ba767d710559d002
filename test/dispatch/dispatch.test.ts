import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelDispatchDocument, CommandByIdDocument, CommandsListDocument, DispatchBatteryDocument, DispatchByIdDocument, SiteByIdDocument, SiteHistoryDocument } from '../../schema/generated/graphql.js';
import { simSite, siteSelector, startDispatchFleet, waitFor, type DemoOrganization, type FleetSite } from '../helpers/dispatch-fleet.js';
import type { TestStack } from '../helpers/test-stack.js';
import { wsClients } from '../helpers/ws-client.js';

interface ProgressEvent {
  commandUpdated: { kind: string; status: string; dispatch: { id: string; progress: { succeeded: number; restoresPending: number } } | null };
}

const COMMAND_ENDPOINTS = ['backup', 'operation', 'grid_import_export', 'storm_mode', 'time_of_use_settings'];

describe('dispatchBattery', () => {
  let stack: TestStack;
  let org: DemoOrganization;
  let sites: FleetSite[];

  beforeAll(async () => {
    ({ stack, org, sites } = await startDispatchFleet());
  });
  const ws = wsClients();
  afterAll(async () => {
    await ws.disposeAll();
    await stack?.close();
  });

  const { pick, release } = siteSelector(() => sites);
  const commandCalls = async (energySiteId: string) => {
    const counters = await stack.sim.counters();
    return COMMAND_ENDPOINTS.reduce((sum, e) => sum + (counters.byEndpointAndDevice[`${e}:${energySiteId}`] ?? 0), 0);
  };
  const dispatchOf = (id: string) => stack.execute(DispatchByIdDocument, { id }, org.apiKey).then((r) => r.data!.dispatch!);

  it('refuses a discharge the export rule forbids, without enableGridInteraction: EXPORT_NOT_PERMITTED with blockers, nothing stored or sent', async () => {
    const site = pick((s) => s.sim.settings.exportRule === 'pv_only' && s.sim.permissions.editSettingPermissionToExport !== false && s.soc > 30);
    release(site); // the next test discharges it with grid interaction
    await stack.sim.resetCounters();
    const before = (await stack.execute(CommandsListDocument, { first: 1 }, org.apiKey)).data!.commands.totalCount;
    const result = await stack.execute(
      DispatchBatteryDocument,
      { input: { siteIds: [site.id], mode: 'DISCHARGE', enableGridInteraction: false, until: new Date(Date.now() + 60_000).toISOString() } },
      org.apiKey,
    );
    const error = result.errors![0]!;
    expect(error.extensions!['code']).toBe('EXPORT_NOT_PERMITTED');
    expect(error.extensions!['blockers']).toEqual([expect.objectContaining({ siteId: site.id, code: 'EXPORT_RULE_PV_ONLY' })]);
    // The same blockers as typed data, with the error on `dispatch` (issue 11 item 11).
    expect(error.path).toEqual(['dispatchBattery', 'dispatch']);
    expect(result.data!.dispatchBattery.dispatch).toBeNull();
    expect(result.data!.dispatchBattery.blockers).toEqual([expect.objectContaining({ site: { id: site.id }, code: 'EXPORT_RULE_PV_ONLY', remediation: expect.any(String) })]);
    expect((await stack.execute(CommandsListDocument, { first: 1 }, org.apiKey)).data!.commands.totalCount).toBe(before);
    expect(await commandCalls(site.energySiteId)).toBe(0);
  });

  // Its own waits allow up to 60 s for the restore (it starts at `until`, 12 s in): the test may take as long.
  it("with enableGridInteraction, discharges into the grid, then restores the customer's settings at `until`", { timeout: 90_000 }, async () => {
    const site = pick((s) => s.sim.settings.exportRule === 'pv_only' && s.sim.permissions.editSettingPermissionToExport !== false && s.soc > 30);
    const original = site.sim.settings;
    const startedAt = new Date();
    const until = new Date(Date.now() + 12_000);
    const created = await stack.execute(DispatchBatteryDocument, { input: { siteIds: [site.id], mode: 'DISCHARGE', enableGridInteraction: true, until: until.toISOString() } }, org.apiKey);
    expect(created.errors).toBeUndefined();
    const id = created.data!.dispatchBattery.dispatch!.id;
    expect(created.data!.dispatchBattery.commands).toEqual([expect.objectContaining({ kind: 'DISPATCH_SITE' })]);

    const running = await waitFor(() => dispatchOf(id), (d) => d.progress.succeeded + d.progress.failed === 1);
    expect(running.commands.edges.find((e) => e.node.kind === 'DISPATCH_SITE')!.node).toMatchObject({ status: 'SUCCEEDED', reason: null });
    const step = (await stack.execute(CommandByIdDocument, { id: created.data!.dispatchBattery.commands[0]!.id }, org.apiKey)).data!.command!;
    expect(step.parameters).toEqual({ __typename: 'SiteDispatchParameters', mode: 'DISCHARGE', enableGridInteraction: true, powerKw: null });
    const during = await simSite(stack, site.energySiteId);
    expect(during.settings.exportRule).toBe('battery_ok');
    const live = (await stack.execute(SiteByIdDocument, { id: site.id }, org.apiKey)).data!.site!.liveStatus!;
    expect(live.batteryPowerW).toBeGreaterThan(0);
    // A dispatch watching a site makes it polled for telemetry, with no subscriber: its samples are stored.
    await waitFor(
      async () => (await stack.execute(SiteHistoryDocument, { id: site.id, start: startedAt.toISOString(), end: new Date(Date.now() + 1000).toISOString(), interval: 'RAW' }, org.apiKey)).data!.site!.history,
      (points) => points.filter((p) => p.source === 'POLL').length >= 2,
      10_000,
    ).then((points) => expect(points.filter((p) => p.source === 'POLL').length).toBeGreaterThanOrEqual(2));

    const done = await waitFor(() => dispatchOf(id), (d) => d.progress.restoresPending === 0, 60_000);
    expect(done.progress.restoresPending).toBe(0);
    expect(done.commands.edges.find((e) => e.node.kind === 'RESTORE_SITE')!.node.status).toBe('SUCCEEDED');
    const after = await simSite(stack, site.energySiteId);
    expect(after.settings).toMatchObject({
      exportRule: original.exportRule,
      operationMode: original.operationMode,
      backupReservePercent: original.backupReservePercent,
      disallowChargeFromGridWithSolarInstalled: original.disallowChargeFromGridWithSolarInstalled,
    });
  });

  it('charges from the grid where grid charging was off, and restores at once when cancelled; commandUpdated carries the dispatch progress', async () => {
    const site = pick((s) => !s.sim.derived.gridChargingAllowed && s.sim.permissions.editSettingGridCharging !== false && s.soc < 90);
    const original = site.sim.settings;
    const updates = ws.subscribe<ProgressEvent>(
      ws.client(stack.gatewayUrl, org.apiKey),
      'subscription { commandUpdated { kind status dispatch { id progress { succeeded restoresPending } } } }',
    );
    await new Promise((r) => setTimeout(r, 300)); // subscribed before the dispatch starts
    const created = await stack.execute(
      DispatchBatteryDocument,
      { input: { siteIds: [site.id], mode: 'CHARGE', enableGridInteraction: true, until: new Date(Date.now() + 3600_000).toISOString() } },
      org.apiKey,
    );
    const id = created.data!.dispatchBattery.dispatch!.id;
    const running = await waitFor(() => dispatchOf(id), (d) => d.progress.succeeded + d.progress.failed === 1);
    expect(running.progress.succeeded).toBe(1);
    expect((await simSite(stack, site.energySiteId)).derived.gridChargingAllowed).toBe(true);
    expect((await stack.execute(SiteByIdDocument, { id: site.id }, org.apiKey)).data!.site!.liveStatus!.batteryPowerW).toBeLessThan(0);

    const cancelled = await stack.execute(CancelDispatchDocument, { input: { dispatchId: id } }, org.apiKey);
    expect(cancelled.data!.cancelDispatch.dispatch.cancelledAt).not.toBeNull();
    const done = await waitFor(() => dispatchOf(id), (d) => d.progress.restoresPending === 0);
    expect(done.progress.restoresPending).toBe(0);
    // Each state change arrived with the dispatch's progress as of that change (fresh per event).
    const ofThis = () => updates.events.map((e) => e.commandUpdated).filter((c) => c.dispatch?.id === id);
    await waitFor(async () => ofThis(), (events) => events.some((c) => c.kind === 'RESTORE_SITE' && c.status === 'SUCCEEDED'), 10_000);
    updates.stop();
    expect(updates.errors).toEqual([]);
    expect(ofThis().find((c) => c.kind === 'DISPATCH_SITE' && c.status === 'SUCCEEDED')!.dispatch!.progress.succeeded).toBe(1);
    expect(ofThis().find((c) => c.kind === 'RESTORE_SITE' && c.status === 'SUCCEEDED')!.dispatch!.progress.restoresPending).toBe(0);
    const after = await simSite(stack, site.energySiteId);
    expect(after.settings).toMatchObject({ disallowChargeFromGridWithSolarInstalled: original.disallowChargeFromGridWithSolarInstalled, operationMode: original.operationMode, backupReservePercent: original.backupReservePercent });
  });

  it('replays an idempotency key, and refuses it for other input', async () => {
    const site = pick(() => true);
    const input = { siteIds: [site.id], mode: 'SELF_CONSUMPTION' as const, enableGridInteraction: false, until: new Date(Date.now() + 3600_000).toISOString(), idempotencyKey: 'event-2026-11-23' };
    const first = await stack.execute(DispatchBatteryDocument, { input }, org.apiKey);
    const replay = await stack.execute(DispatchBatteryDocument, { input }, org.apiKey);
    expect(replay.data!.dispatchBattery.dispatch!.id).toBe(first.data!.dispatchBattery.dispatch!.id);
    expect(replay.data!.dispatchBattery.commands.map((c) => c.id)).toEqual(first.data!.dispatchBattery.commands.map((c) => c.id));
    const other = await stack.execute(DispatchBatteryDocument, { input: { ...input, mode: 'IDLE' } }, org.apiKey);
    expect(other.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.idempotencyKey' });
  });

  it('keeps retrying a restore while Tesla keeps failing, past the usual five attempts, and restores', { timeout: 150_000 }, async () => {
    const site = pick((s) => s.sim.settings.exportRule === 'pv_only' && s.sim.permissions.editSettingPermissionToExport !== false && s.soc > 30);
    const original = site.sim.settings;
    const created = await stack.execute(
      DispatchBatteryDocument,
      { input: { siteIds: [site.id], mode: 'DISCHARGE', enableGridInteraction: true, until: new Date(Date.now() + 3600_000).toISOString() } },
      org.apiKey,
    );
    const id = created.data!.dispatchBattery.dispatch!.id;
    expect((await waitFor(() => dispatchOf(id), (d) => d.progress.succeeded + d.progress.failed === 1)).progress.succeeded).toBe(1);
    // Every site_info read of the next six restore runs fails (three tries each): the queue's own retries run out.
    await stack.sim.addFault({ endpoint: 'site_info', deviceId: site.energySiteId, status: 503, count: 18 });
    await stack.execute(CancelDispatchDocument, { input: { dispatchId: id } }, org.apiKey);
    const done = await waitFor(() => dispatchOf(id), (d) => d.progress.restoresPending === 0, 120_000);
    const restore = done.commands.edges.find((e) => e.node.kind === 'RESTORE_SITE')!.node;
    const command = (await stack.execute(CommandByIdDocument, { id: restore.id }, org.apiKey)).data!.command!;
    expect(command).toMatchObject({ status: 'SUCCEEDED' });
    expect(command.attempts).toBeGreaterThan(5);
    expect((await simSite(stack, site.energySiteId)).settings).toMatchObject({ exportRule: original.exportRule, operationMode: original.operationMode });
    release(site);
  });

  it('rejects bad input with nothing written', async () => {
    const site = sites.find((s) => s.sim.hasBattery)!;
    const noBattery = sites.find((s) => !s.sim.hasBattery)!;
    const before = (await stack.execute(CommandsListDocument, { first: 1 }, org.apiKey)).data!.commands.totalCount;
    const soon = new Date(Date.now() + 3600_000).toISOString();
    const cases: [Record<string, unknown>, string][] = [
      // A service's refusal names the input path too (issue 11 item 8).
      [{ siteIds: [], mode: 'DISCHARGE', enableGridInteraction: true }, 'input.siteIds'],
      // List limits are checked before any work, by the input-limits plugin, which names the input path.
      [{ siteIds: Array.from({ length: 10_001 }, () => site.id), mode: 'DISCHARGE', enableGridInteraction: true }, 'input.siteIds'],
      [{ siteIds: [site.id], mode: 'DISCHARGE', enableGridInteraction: true, until: new Date(Date.now() - 1000).toISOString() }, 'input.until'],
      [{ siteIds: [noBattery.id], mode: 'CHARGE', enableGridInteraction: true, until: soon }, 'input.siteIds'],
      [{ siteIds: [site.id], mode: 'CHARGE', enableGridInteraction: true, powerKw: -5, until: soon }, 'input.powerKw'],
    ];
    for (const [input, field] of cases) {
      const result = await stack.execute(DispatchBatteryDocument, { input: input as never }, org.apiKey);
      expect(result.errors![0]!.extensions, field).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    // 100,001 ids are a body over MAX_REQUEST_BYTES (1 MiB): refused before it is even parsed.
    const huge = await stack.execute(DispatchBatteryDocument, { input: { siteIds: Array.from({ length: 100_001 }, () => site.id), mode: 'DISCHARGE', enableGridInteraction: true } as never }, org.apiKey);
    expect(huge.errors![0]!.extensions).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    const other = await stack.createOrganization();
    const foreign = await stack.execute(DispatchBatteryDocument, { input: { siteIds: [site.id], mode: 'IDLE', enableGridInteraction: false, until: soon } }, other.apiKey);
    expect(foreign.errors![0]!.extensions).toEqual({ code: 'NOT_FOUND' });
    expect((await stack.execute(CommandsListDocument, { first: 1 }, org.apiKey)).data!.commands.totalCount).toBe(before);
  });
});
