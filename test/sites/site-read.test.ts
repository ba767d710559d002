import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeByIdDocument, SiteByIdDocument, SitesOverviewDocument, type SiteDetailsFragment } from '../../schema/generated/graphql.js';
import { above32Bits, SUMMER_AFTERNOON, TESLA_EXPORT_RULE, TESLA_OPERATION_MODE } from '../helpers/fixtures.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

type Raw = Record<string, any>;

describe('reading sites from the simulated fleet', () => {
  let stack: TestStack;
  let org: Awaited<ReturnType<TestStack['demoOrganization']>>;
  let sites: SiteDetailsFragment[];

  beforeAll(async () => {
    // A frozen clock: the gateway's reads and the test's raw reads see the same instant.
    stack = await startTestStack({ simulator: { speed: 0, startTime: SUMMER_AFTERNOON } });
    org = await stack.demoOrganization();
    // The demo fleet's 30 sites in one page: 100 of these full site pages would cost more than the
    // query cost limit allows (QUERY_LIMITS.maxCost counts `first: $first` as it counts a literal).
    const result = await stack.execute(SitesOverviewDocument, { first: 30 }, org.apiKey);
    expect(result.errors).toBeUndefined();
    sites = result.data!.sites.edges.map((e) => e.node);
  });
  afterAll(() => stack?.close());

  it('lists every energy site of the account, paged relay-style with totalCount', async () => {
    const account = await stack.sim.account('demo');
    expect(account.energySiteIds.length).toBeGreaterThanOrEqual(25);
    const seen: string[] = [];
    let after: string | null | undefined;
    let pages = 0;
    do {
      const page = await stack.execute(SitesOverviewDocument, { first: 10, after }, org.apiKey);
      expect(page.errors).toBeUndefined();
      expect(page.data!.sites.totalCount).toBe(account.energySiteIds.length);
      seen.push(...page.data!.sites.edges.map((e) => e.node.energySiteId));
      after = page.data!.sites.pageInfo.hasNextPage ? page.data!.sites.pageInfo.endCursor : null;
      pages++;
    } while (after);
    expect(pages).toBe(Math.ceil(account.energySiteIds.length / 10));
    expect([...seen].sort()).toEqual([...account.energySiteIds].sort());
  });

  it('keeps ids above 2^31 exact', () => {
    for (const site of sites) expect(above32Bits(site.energySiteId), site.energySiteId).toBe(true);
  });

  it("maps live_status field by field with Tesla's signs and units", async () => {
    for (const site of sites) {
      const raw = (await stack.sim.fleet<{ response: Raw }>(`/api/1/energy_sites/${site.energySiteId}/live_status`, org.accessToken)).json.response;
      const live = site.liveStatus!;
      expect(live, site.name).not.toBeNull();
      expect(live.solarPowerW).toBe(raw['solar_power']);
      expect(live.batteryPowerW).toBe(raw['battery_power']);
      expect(live.gridPowerW).toBe(raw['grid_power']);
      expect(live.loadPowerW).toBe(raw['load_power']);
      // Tesla's identity: load = solar + battery (+ = discharging) + grid (+ = importing).
      expect(live.loadPowerW).toBeCloseTo(live.solarPowerW + live.batteryPowerW + live.gridPowerW + (live.generatorPowerW ?? 0), 3);
      expect(new Date(live.timestamp!).getTime()).toBe(new Date(raw['timestamp']).getTime());
      expect(live.stormModeActive).toBe(raw['storm_mode_active']);
      expect(live.backupCapable).toBe(raw['backup_capable']);
      expect(live.gridStatus).toBe(String(raw['grid_status']).toUpperCase());
      if (site.components.battery) {
        expect(live.percentageCharged).toBe(raw['percentage_charged']);
        // The demo's sparseReadings site leaves energy_left out (simulator README): then it is null.
        expect(live.energyLeftWh).toBe(raw['energy_left'] ?? null);
        expect(live.totalPackEnergyWh).toBe(raw['total_pack_energy']);
      } else {
        // Tesla reports 0 of 1 Wh for a site without a battery: that is no battery, not an empty one.
        expect(live.percentageCharged).toBeNull();
        expect(live.energyLeftWh).toBeNull();
        expect(live.totalPackEnergyWh).toBeNull();
        expect(live.batteryPowerW).toBe(0);
      }
    }
  });

  it('maps site_info into components, powerwalls, wall connectors and settings', async () => {
    for (const site of sites) {
      const raw = (await stack.sim.fleet<{ response: Raw }>(`/api/1/energy_sites/${site.energySiteId}/site_info`, org.accessToken)).json.response;
      const components = raw['components'] as Raw;
      expect(site.name).toBe(raw['site_name']);
      // Tesla's "" (the demo's devicesWithoutDin site) is no zone.
      expect(site.timeZone).toBe(raw['installation_time_zone'] || null);
      expect(site.components.battery).toBe(Boolean(components['battery']));
      expect(site.components.solar).toBe(Boolean(components['solar']));
      expect(site.components.batteryCount).toBe(raw['battery_count']);
      expect(site.components.nameplatePowerW).toBe(raw['nameplate_power'] ?? null);
      expect(site.components.nameplateEnergyWh).toBe(raw['nameplate_energy'] ?? null);
      const batteries = (components['batteries'] ?? []) as Raw[];
      // A row without din (the demo's devicesWithoutDin site) is keyed <part number>--<serial number>, Tesla's DIN form.
      const dinOf = (row: Raw) => row['din'] ?? `${row['part_number']}--${row['serial_number']}`;
      expect(site.powerwalls.map((p) => p.din).sort()).toEqual(batteries.map(dinOf).sort());
      for (const unit of site.powerwalls) {
        const rawUnit = batteries.find((b) => dinOf(b) === unit.din)!;
        expect(unit.nameplateEnergyWh).toBe(rawUnit['nameplate_energy']);
        expect(unit.nameplatePowerW).toBe(rawUnit['nameplate_max_discharge_power']);
        expect(unit.serialNumber).toBe(rawUnit['serial_number']);
      }
      const wallConnectors = (components['wall_connectors'] ?? []) as Raw[];
      expect(site.wallConnectors.map((w) => w.din).sort()).toEqual(wallConnectors.map(dinOf).sort());
      const settings = site.settings!;
      expect(settings.backupReservePercent).toBe(raw['backup_reserve_percent']);
      expect(settings.operationMode).toBe(TESLA_OPERATION_MODE[raw['default_real_mode']]);
      expect(settings.exportRule).toBe(TESLA_EXPORT_RULE[components['customer_preferred_export_rule']]);
      expect(settings.gridChargingAllowed).toBe(!components['disallow_charge_from_grid_with_solar_installed']);
      expect(settings.stormModeEnabled).toBe(raw['user_settings']['storm_mode_enabled']);
    }
  });

  it('shows the variety of the demo fleet', () => {
    expect(sites.some((s) => !s.components.battery && s.components.solar)).toBe(true);
    expect(sites.some((s) => s.liveStatus?.stormModeActive)).toBe(true);
    expect(new Set(sites.map((s) => s.settings?.exportRule))).toEqual(new Set(['PV_ONLY', 'BATTERY_OK', 'NEVER']));
    expect(new Set(sites.map((s) => s.settings?.gridChargingAllowed))).toEqual(new Set([true, false]));
    expect(new Set(sites.filter((s) => s.components.battery).map((s) => s.powerwalls.length)).size).toBeGreaterThan(1);
    expect(sites.some((s) => s.wallConnectors.length > 0)).toBe(true);
    expect(sites.some((s) => (s.liveStatus?.batteryPowerW ?? 0) !== 0)).toBe(true);
  });

  it('filters sites', async () => {
    const noBattery = await stack.execute(SitesOverviewDocument, { first: 30, filter: { hasBattery: false } }, org.apiKey);
    expect(noBattery.errors).toBeUndefined();
    expect(noBattery.data!.sites.totalCount).toBe(sites.filter((s) => !s.components.battery).length);
    expect(noBattery.data!.sites.edges.every((e) => !e.node.components.battery)).toBe(true);
    const byName = await stack.execute(SitesOverviewDocument, { first: 30, filter: { nameContains: sites[0]!.name.toUpperCase() } }, org.apiKey);
    expect(byName.data!.sites.edges.map((e) => e.node.id)).toContain(sites[0]!.id);
  });

  it('finds the same site by site(id) and node(id); a Powerwall leads back to its site', async () => {
    const site = sites.find((s) => s.powerwalls.length > 0)!;
    const one = await stack.execute(SiteByIdDocument, { id: site.id }, org.apiKey);
    expect(one.errors).toBeUndefined();
    expect(one.data!.site!.energySiteId).toBe(site.energySiteId);
    const node = await stack.execute(NodeByIdDocument, { id: site.id }, org.apiKey);
    expect(node.data!.node).toMatchObject({ __typename: 'Site', id: site.id, energySiteId: site.energySiteId });
    const powerwall = await stack.execute(NodeByIdDocument, { id: site.powerwalls[0]!.id }, org.apiKey);
    expect(powerwall.data!.node).toMatchObject({ __typename: 'Powerwall', din: site.powerwalls[0]!.din, site: { id: site.id } });
  });

  it('rejects a malformed id with BAD_USER_INPUT', async () => {
    const result = await stack.execute(SiteByIdDocument, { id: 'not-a-global-id' }, org.apiKey);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    const node = await stack.execute(NodeByIdDocument, { id: '!!!' }, org.apiKey);
    expect(node.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});
