import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DispatchBatteryDocument, DispatchByIdDocument } from '../../schema/generated/graphql.js';
import { simSite, siteSelector, startDispatchFleet, waitFor, type DemoOrganization, type FleetSite } from '../helpers/dispatch-fleet.js';
import type { TestStack } from '../helpers/test-stack.js';

/**
 * Tesla stores a tariff written through `time_of_use_settings` and gives it back normalised in
 * site_info (its key order, `code` and `version` added, zero fields left out, numbers reformatted);
 * the simulator does the same. A dispatch that checks its tariff lever by the bytes it wrote never
 * sees it "applied", and a restore that compares bytes thinks the customer changed the tariff.
 * Both fail on the code before levers were compared by meaning.
 */

/** The customer's own tariff, as their Tesla app (or installer) would have written it: seasons, periods, buy and sell rates. */
const CUSTOMER_TARIFF = {
  name: 'E-TOU-C',
  utility: 'Pacific Gas & Electric',
  currency: 'USD',
  daily_charges: [{ name: 'Charge', amount: 0 }],
  demand_charges: { ALL: { rates: { ALL: 0 } }, Summer: {}, Winter: {} },
  energy_charges: {
    ALL: { rates: { ALL: 0 } },
    Summer: { rates: { ON_PEAK: 0.5, OFF_PEAK: 0.41 } },
    Winter: { rates: { ON_PEAK: 0.38, OFF_PEAK: '0.355' } },
  },
  seasons: {
    Summer: {
      fromMonth: 6,
      fromDay: 1,
      toMonth: 9,
      toDay: 30,
      tou_periods: {
        ON_PEAK: { periods: [{ fromDayOfWeek: 0, toDayOfWeek: 6, fromHour: 16, fromMinute: 0, toHour: 21, toMinute: 0 }] },
        OFF_PEAK: { periods: [{ fromDayOfWeek: 0, toDayOfWeek: 6, fromHour: 21, fromMinute: 0, toHour: 16, toMinute: 0 }] },
      },
    },
    Winter: {
      fromMonth: 10,
      fromDay: 1,
      toMonth: 5,
      toDay: 31,
      tou_periods: {
        ON_PEAK: { periods: [{ fromDayOfWeek: 0, toDayOfWeek: 6, fromHour: 16, fromMinute: 0, toHour: 21, toMinute: 0 }] },
        OFF_PEAK: { periods: [{ fromDayOfWeek: 0, toDayOfWeek: 6, fromHour: 21, fromMinute: 0, toHour: 16, toMinute: 0 }] },
      },
    },
  },
  sell_tariff: {
    name: 'E-TOU-C (NEM 2)',
    utility: 'Pacific Gas & Electric',
    energy_charges: { ALL: { rates: { ALL: 0 } }, Summer: { rates: { ON_PEAK: 0.45, OFF_PEAK: 0.36 } }, Winter: { rates: { ON_PEAK: 0.33, OFF_PEAK: 0.3 } } },
  },
};

describe('tariff levers are verified by meaning, not bytes', () => {
  let stack: TestStack;
  let org: DemoOrganization;
  let sites: FleetSite[];

  beforeAll(async () => {
    ({ stack, org, sites } = await startDispatchFleet());
  });
  afterAll(async () => {
    await stack?.close();
  });

  const { pick } = siteSelector(() => sites);
  const dispatchOf = (id: string) => stack.execute(DispatchByIdDocument, { id }, org.apiKey).then((r) => r.data!.dispatch!);
  const siteInfo = async (energySiteId: string) =>
    (await stack.sim.fleet<{ response: { tariff_content_v2?: Record<string, unknown> } }>(`/api/1/energy_sites/${energySiteId}/site_info`, org.accessToken)).json.response;

  it("a DISCHARGE on a site whose tariff Tesla normalises succeeds, and the restore puts the customer's own tariff back", async () => {
    const site = pick((s) => s.sim.settings.exportRule === 'pv_only' && s.sim.permissions.editSettingPermissionToExport !== false && s.soc > 30);
    // The customer's tariff, written as their app would; Tesla keeps it normalised, not as sent.
    const written = await fetch(`${stack.simulator.url}/api/1/energy_sites/${site.energySiteId}/time_of_use_settings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${org.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ tou_settings: { tariff_content_v2: CUSTOMER_TARIFF } }),
    });
    expect(written.status).toBe(200);
    const customerStored = (await siteInfo(site.energySiteId)).tariff_content_v2!;
    expect(JSON.stringify(customerStored)).not.toBe(JSON.stringify(CUSTOMER_TARIFF));
    expect(customerStored).toMatchObject({ code: expect.any(String), version: expect.any(Number), name: 'E-TOU-C' });
    const original = (await simSite(stack, site.energySiteId)).settings;

    const until = new Date(Date.now() + 12_000);
    const created = await stack.execute(DispatchBatteryDocument, { input: { siteIds: [site.id], mode: 'DISCHARGE', enableGridInteraction: true, until: until.toISOString() } }, org.apiKey);
    expect(created.errors).toBeUndefined();
    const id = created.data!.dispatchBattery.dispatch!.id;

    const running = await waitFor(() => dispatchOf(id), (d) => d.progress.succeeded + d.progress.failed === 1);
    // Before: FAILED "Tesla accepted the requests but the site does not show: all-day peak tariff".
    expect(running.commands.edges.find((e) => e.node.kind === 'DISPATCH_SITE')!.node).toMatchObject({ status: 'SUCCEEDED', reason: null });
    const during = (await siteInfo(site.energySiteId)).tariff_content_v2!;
    // The gateway wrote a complete tariff: code, name, utility, currency, seasons, a buy and a sell rate for the period.
    expect(during).toMatchObject({ code: expect.any(String), name: expect.any(String), utility: expect.any(String), currency: 'USD' });
    const duringSite = await simSite(stack, site.energySiteId);
    expect(duringSite.settings).toMatchObject({ operationMode: 'autonomous', backupReservePercent: 0, exportRule: 'battery_ok' });
    const season = Object.values(during['seasons'] as Record<string, { tou_periods: Record<string, unknown> }>)[0]!;
    const [period] = Object.keys(season.tou_periods);
    const seasonName = Object.keys(during['seasons'] as object)[0]!;
    expect((during['energy_charges'] as Record<string, { rates: Record<string, number> }>)[seasonName]!.rates[period!]).toEqual(expect.any(Number));
    expect((during['sell_tariff'] as { energy_charges: Record<string, { rates: Record<string, number> }> }).energy_charges[seasonName]!.rates[period!]).toEqual(expect.any(Number));

    const done = await waitFor(() => dispatchOf(id), (d) => d.progress.restoresPending === 0, 60_000);
    // Before: the restore took Tesla's normalised all-day-peak tariff for a change by the customer and kept it.
    expect(done.commands.edges.find((e) => e.node.kind === 'RESTORE_SITE')!.node).toMatchObject({ status: 'SUCCEEDED', reason: null });
    const after = await simSite(stack, site.energySiteId);
    expect(after.settings).toMatchObject({
      exportRule: original.exportRule,
      operationMode: original.operationMode,
      backupReservePercent: original.backupReservePercent,
    });
    // The customer's own tariff, as Tesla shows it, is back: their name, seasons, periods and rates.
    expect((await siteInfo(site.energySiteId)).tariff_content_v2).toEqual(customerStored);
  });

  it('a CHARGE uses documented levers only: time-based control, reserve 100 %, grid charging allowed; never the `backup` mode', async () => {
    const site = pick((s) => !s.sim.derived.gridChargingAllowed && s.sim.permissions.editSettingGridCharging !== false && s.soc < 90);
    const original = site.sim.settings;
    const created = await stack.execute(
      DispatchBatteryDocument,
      { input: { siteIds: [site.id], mode: 'CHARGE', enableGridInteraction: true, until: new Date(Date.now() + 10_000).toISOString() } },
      org.apiKey,
    );
    expect(created.errors).toBeUndefined();
    const id = created.data!.dispatchBattery.dispatch!.id;
    const running = await waitFor(() => dispatchOf(id), (d) => d.progress.succeeded + d.progress.failed === 1);
    expect(running.commands.edges.find((e) => e.node.kind === 'DISPATCH_SITE')!.node).toMatchObject({ status: 'SUCCEEDED', reason: null });
    const during = await simSite(stack, site.energySiteId);
    // Before: default_real_mode "backup", which Tesla's energy docs do not list.
    expect(during.settings).toMatchObject({ operationMode: 'autonomous', backupReservePercent: 100 });
    expect(during.derived.gridChargingAllowed).toBe(true);

    const done = await waitFor(() => dispatchOf(id), (d) => d.progress.restoresPending === 0, 60_000);
    expect(done.commands.edges.find((e) => e.node.kind === 'RESTORE_SITE')!.node).toMatchObject({ status: 'SUCCEEDED', reason: null });
    const after = await simSite(stack, site.energySiteId);
    expect(after.settings).toMatchObject({
      operationMode: original.operationMode,
      backupReservePercent: original.backupReservePercent,
      disallowChargeFromGridWithSolarInstalled: original.disallowChargeFromGridWithSolarInstalled,
    });
  });
});
