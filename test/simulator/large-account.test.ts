import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { World } from '../../src/simulator/world.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.js';
import { accounts, boot, call, get, mintToken, START, type SimAccount } from './sim-client.js';

/** The optional `large` account (`largeAccountSites`): many uniform battery sites, no cars. */

const SITES = 500;
const SEED = 7;

let sim: RunningSimulator;
let plain: RunningSimulator;
let all: Record<string, SimAccount>;
let large: SimAccount;
let token: string;

beforeAll(async () => {
  [sim, plain] = await Promise.all([boot({ seed: SEED, largeAccountSites: SITES }), boot({ seed: SEED })]);
  all = await accounts(sim);
  large = all.large!;
  token = (await mintToken(sim, 'large')).access_token;
});
afterAll(() => Promise.all([sim.close(), plain.close()]));

describe('large account', () => {
  it('exists only when asked for, in na, with the requested number of sites and no cars', async () => {
    expect(Object.keys(await accounts(plain))).toEqual(['demo', 'small']);
    expect(Object.keys(all)).toEqual(['demo', 'small', 'large']);
    expect(large.region).toBe('na');
    expect(large.vehicles).toEqual([]);
    expect(large.energySiteIds).toHaveLength(SITES);
    expect(new Set([all.demo!.userId, all.small!.userId, large.userId]).size).toBe(3);
  });

  it('has ids above 2^31, unique across the whole world', () => {
    const ids = Object.values(all).flatMap((a) => [...a.energySiteIds, ...a.vehicles.map((v) => v.id)]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of large.energySiteIds) {
      expect(Number(id)).toBeGreaterThan(2 ** 31);
      expect(Number.isSafeInteger(Number(id))).toBe(true);
    }
  });

  it('gives every site a battery, editable permissions and the uniform settings', async () => {
    const views = [];
    for (let i = 0; i < large.energySiteIds.length; i += 50) {
      const batch = large.energySiteIds.slice(i, i + 50);
      views.push(...(await Promise.all(batch.map(async (id) => (await get(sim, `/sim/sites/${id}`)).body))));
    }
    const rules = new Set<string>();
    let solar = 0;
    for (const view of views) {
      expect(view.account).toBe('large');
      expect(view.hasBattery).toBe(true);
      expect(view.site.powerwalls.length).toBeGreaterThanOrEqual(1);
      expect(view.site.powerwalls.length).toBeLessThanOrEqual(2);
      expect(view.site.wallConnectors).toEqual([]);
      expect(view.site.timeZone).toMatch(/^America\//);
      expect(view.permissions).toEqual({ editSettingPermissionToExport: true, editSettingGridCharging: true, editSettingEnergyExports: true });
      expect(view.firmwareClampsReserve).toBe(false);
      expect(view.settings.operationMode).toBe('self_consumption');
      expect(view.settings.backupReservePercent).toBe(20);
      expect(view.settings.stormModeEnabled).toBe(false);
      expect(view.site.environment.stormWatchActive).toBe(false);
      expect(view.derived.stormModeActive).toBe(false);
      expect(['pv_only', 'battery_ok']).toContain(view.settings.exportRule);
      rules.add(view.settings.exportRule);
      if (view.site.solarCapacityW !== null) solar++;
      expect(view.state.percentageCharged).toBeGreaterThanOrEqual(40);
      expect(view.state.percentageCharged).toBeLessThanOrEqual(80);
    }
    expect(rules).toEqual(new Set(['pv_only', 'battery_ok']));
    expect(solar).toBeGreaterThan(0);
    expect(solar).toBeLessThan(SITES);
  });

  it('lists all sites in /api/1/products within a second', async () => {
    const started = performance.now();
    const res = await get(sim, '/api/1/products', token);
    const elapsed = performance.now() - started;
    expect(res.status).toBe(200);
    expect(elapsed).toBeLessThan(1000);
    expect(res.body.count).toBe(SITES);
    expect(res.body.response.map((p: { energy_site_id: number }) => String(p.energy_site_id))).toEqual(large.energySiteIds);
    for (const product of res.body.response) {
      expect(product.resource_type).toBe('battery');
      expect(product.storm_mode_enabled).toBe(false);
      expect(product.percentage_charged).toBeGreaterThanOrEqual(40);
      expect(product.percentage_charged).toBeLessThanOrEqual(80);
    }
  });

  it('serves site_info, live_status, calendar_history and commands for its sites', async () => {
    for (const id of [large.energySiteIds[0]!, large.energySiteIds[137]!, large.energySiteIds[SITES - 1]!]) {
      const info = await get(sim, `/api/1/energy_sites/${id}/site_info`, token);
      expect(info.status).toBe(200);
      expect(info.body.response.backup_reserve_percent).toBe(20);
      expect(info.body.response.default_real_mode).toBe('self_consumption');
      expect((await get(sim, `/api/1/energy_sites/${id}/live_status`, token)).status).toBe(200);
    }
    const id = large.energySiteIds[3]!;
    // History from before the start exists for a large site too (the day before the start).
    const history = await get(sim, `/api/1/energy_sites/${id}/calendar_history?kind=energy&period=day&start_date=2025-06-20T00:00:00-07:00&end_date=2025-06-20T23:59:59-07:00&time_zone=America/Los_Angeles`, token);
    expect(history.status).toBe(200);
    expect(history.body.response.time_series).toHaveLength(288);
    expect(history.body.response.time_series.some((item: { total_home_usage: number }) => item.total_home_usage > 0)).toBe(true);
    const backup = await call(sim, 'POST', `/api/1/energy_sites/${id}/backup`, { token, body: { backup_reserve_percent: 35 } });
    expect(backup.status).toBe(200);
    const rule = (await get(sim, `/sim/sites/${id}`)).body.settings.exportRule === 'pv_only' ? 'battery_ok' : 'pv_only';
    const exportChange = await call(sim, 'POST', `/api/1/energy_sites/${id}/grid_import_export`, {
      token,
      body: { customer_preferred_export_rule: rule, disallow_charge_from_grid_with_solar_installed: true },
    });
    expect(exportChange.status).toBe(200);
    const view = (await get(sim, `/sim/sites/${id}`)).body;
    expect(view.settings.backupReservePercent).toBe(35);
    expect(view.settings.exportRule).toBe(rule);
  });

  it('leaves the demo and small accounts exactly as without it', async () => {
    const [withLarge, without] = await Promise.all([accounts(sim), accounts(plain)]);
    expect(withLarge.demo).toEqual(without.demo);
    expect(withLarge.small).toEqual(without.small);
    const [a, b] = await Promise.all([mintToken(sim), mintToken(plain)]);
    const productsWith = (await get(sim, '/api/1/products', a.access_token)).text;
    const productsWithout = (await get(plain, '/api/1/products', b.access_token)).text;
    expect(productsWith).toBe(productsWithout);
    const site = withLarge.demo!.energySiteIds[5]!;
    expect((await get(sim, `/api/1/energy_sites/${site}/site_info`, a.access_token)).text).toBe(
      (await get(plain, `/api/1/energy_sites/${site}/site_info`, b.access_token)).text,
    );
  });

  it('is rebuilt by /sim/reset', async () => {
    const id = large.energySiteIds[3]!;
    expect((await call(sim, 'POST', '/sim/reset')).status).toBe(200);
    const after = await accounts(sim);
    expect(after.large).toEqual(large);
    expect((await get(sim, `/sim/sites/${id}`)).body.settings.backupReservePercent).toBe(20);
  });

  it('is deterministic for the seed and generates 10000 sites quickly', () => {
    const started = performance.now();
    const world = new World(SEED, START, { largeAccountSites: 10_000 });
    expect(performance.now() - started).toBeLessThan(2000);
    const big = world.account('large')!;
    expect(big.sites).toHaveLength(10_000);
    const ids = world.accounts.flatMap((a) => a.sites.map((s) => s.energySiteId));
    expect(new Set(ids).size).toBe(ids.length);
    // The first sites do not depend on how many follow.
    expect(big.sites.slice(0, SITES).map((s) => String(s.energySiteId))).toEqual(large.energySiteIds);
  });

  it('rejects an out-of-range site count', async () => {
    await expect(startSimulator({ port: 0, largeAccountSites: 10_001 })).rejects.toThrow(RangeError);
    await expect(startSimulator({ port: 0, largeAccountSites: -1 })).rejects.toThrow(RangeError);
  });
});
