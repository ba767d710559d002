import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUMMER_AFTERNOON } from '../helpers/fixtures.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

type Raw = Record<string, any>;
interface ReadinessSite {
  id: string;
  energySiteId: string;
  components: { battery: boolean };
  liveStatus: { stormModeActive: boolean } | null;
  gridReadiness: { canExportBattery: boolean; canChargeFromGrid: boolean; blockers: { code: string; blocks: string[]; liftedByGridInteraction: boolean; remediation: string }[] };
}

const QUERY = `query { sites(first: 100) { edges { node { id energySiteId components { battery } liveStatus { stormModeActive }
  gridReadiness { canExportBattery canChargeFromGrid blockers { code blocks message remediation liftedByGridInteraction } } } } } }`;

describe('Site.gridReadiness', () => {
  let stack: TestStack;
  let org: Awaited<ReturnType<TestStack['demoOrganization']>>;
  let sites: ReadinessSite[];

  beforeAll(async () => {
    stack = await startTestStack({ simulator: { speed: 0, startTime: SUMMER_AFTERNOON } });
    org = await stack.demoOrganization();
    const result = await stack.execute(QUERY, {}, org.apiKey);
    expect(result.errors).toBeUndefined();
    sites = (result.data as { sites: { edges: { node: ReadinessSite }[] } }).sites.edges.map((e) => e.node);
  });
  afterAll(() => stack?.close());

  it("explains every site's blockers from Tesla's settings", async () => {
    const seen = new Set<string>();
    for (const site of sites) {
      const info = (await stack.sim.fleet<{ response: Raw }>(`/api/1/energy_sites/${site.energySiteId}/site_info`, org.accessToken)).json.response;
      const c = info['components'] as Raw;
      const codes = site.gridReadiness.blockers.map((b) => b.code);
      codes.forEach((code) => seen.add(code));
      if (!site.components.battery) {
        expect(codes).toContain('NO_BATTERY');
        expect(site.gridReadiness.canExportBattery).toBe(false);
        continue;
      }
      const rule = c['customer_preferred_export_rule'];
      expect(codes.includes('EXPORT_RULE_PV_ONLY')).toBe(rule === 'pv_only');
      expect(codes.includes('EXPORT_RULE_NEVER')).toBe(rule === 'never');
      expect(codes.includes('EXPORT_NOT_PERMITTED')).toBe(rule !== 'battery_ok' && c['edit_setting_permission_to_export'] === false);
      expect(codes.includes('STORM_MODE_ACTIVE')).toBe(site.liveStatus!.stormModeActive);
      const gridChargingOff = c['solar'] === true && c['disallow_charge_from_grid_with_solar_installed'] === true;
      expect(codes.some((code) => code.startsWith('GRID_CHARGING'))).toBe(gridChargingOff);
      expect(site.gridReadiness.canExportBattery).toBe(rule === 'battery_ok' && !site.liveStatus!.stormModeActive);
      expect(site.gridReadiness.canChargeFromGrid).toBe(!gridChargingOff);
      for (const blocker of site.gridReadiness.blockers) expect(blocker.remediation.length).toBeGreaterThan(10);
    }
    for (const code of ['NO_BATTERY', 'EXPORT_RULE_PV_ONLY', 'EXPORT_RULE_NEVER', 'STORM_MODE_ACTIVE', 'GRID_CHARGING_DISALLOWED']) expect(seen, code).toContain(code);
  });

  it('names the missing energy_cmds scope as a blocker', async () => {
    const limited = await stack.createOrganization();
    await stack.connectAccount(limited.organizationId, 'demo', ['openid', 'offline_access', 'energy_device_data']);
    const result = await stack.execute(QUERY, {}, limited.apiKey);
    const any = (result.data as { sites: { edges: { node: ReadinessSite }[] } }).sites.edges[0]!.node;
    expect(any.gridReadiness.blockers.map((b) => b.code)).toContain('MISSING_ENERGY_CMDS_SCOPE');
    expect(any.gridReadiness.canExportBattery).toBe(false);
    expect(any.gridReadiness.canChargeFromGrid).toBe(false);
  });
});
