import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/server.js';
import { accounts, advance, boot, call, get, mintToken, START, type SimAccount } from './sim-client.js';

/** Energy commands (tesla-fleet-api.md §5.5): bodies, replies in both dialects, and their effect on the physics. */

let sim: RunningSimulator;
let demo: SimAccount;
let token: string;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type SiteView = any;

beforeAll(async () => {
  sim = await boot();
  demo = (await accounts(sim)).demo!;
  token = (await mintToken(sim)).access_token;
});
afterAll(() => sim.close());
beforeEach(async () => {
  await call(sim, 'POST', '/sim/reset');
  token = (await mintToken(sim)).access_token;
});

const command = (s: RunningSimulator, site: string, name: string, body: unknown, t = token) =>
  call(s, 'POST', `/api/1/energy_sites/${site}/${name}`, { token: t, body });
const siteInfo = async (site: string) => (await get(sim, `/api/1/energy_sites/${site}/site_info`, token)).body.response;
const liveStatus = async (s: RunningSimulator, site: string, t = token) => (await get(s, `/api/1/energy_sites/${site}/live_status`, t)).body.response;
const view = async (s: RunningSimulator, site: string): Promise<SiteView> => (await get(s, `/sim/sites/${site}`)).body;

async function findSite(s: RunningSimulator, ids: string[], wanted: (v: SiteView) => boolean): Promise<string> {
  for (const id of ids) if (wanted(await view(s, id))) return id;
  throw new Error('no site in the demo fleet matches');
}

/** A tariff whose only period covers every hour of every day. */
function allDayTariff(period: 'ON_PEAK' | 'OFF_PEAK') {
  return {
    tou_settings: {
      tariff_content_v2: {
        code: 'SIM:TEST',
        name: 'Test tariff',
        utility: 'Sandbox',
        currency: 'USD',
        version: 1,
        daily_charges: [],
        demand_charges: {},
        energy_charges: { 'All Year': { rates: { [period]: 0.3 } } },
        seasons: {
          'All Year': {
            fromDay: 1,
            toDay: 31,
            fromMonth: 1,
            toMonth: 12,
            tou_periods: { [period]: { periods: [{ fromDayOfWeek: 0, toDayOfWeek: 6, fromHour: 0, toHour: 0, fromMinute: 0, toMinute: 0 }] } },
          },
        },
        sell_tariff: {},
      },
    },
  };
}

const UPDATED_201 = { response: { code: 201, message: 'Updated' } };

describe('energy commands change site_info', () => {
  it('backup sets the reserve and answers with the capitalised dialect', async () => {
    const site = await findSite(sim, demo.energySiteIds, (v) => v.derived.hasBattery && !v.firmwareClampsReserve);
    const res = await command(sim, site, 'backup', { backup_reserve_percent: 90 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ response: { Code: 200, Message: 'Updated' } });
    const info = await siteInfo(site);
    expect(info.backup_reserve_percent).toBe(90);
    expect(info.vpp_backup_reserve_percent).toBe(90);
  });

  it('stores 80 for 81–99 on sites whose firmware clamps the reserve, and still answers 200', async () => {
    const site = await findSite(sim, demo.energySiteIds, (v) => v.derived.hasBattery && v.firmwareClampsReserve);
    expect((await view(sim, site)).firmwareClampsReserve).toBe(true);
    const res = await command(sim, site, 'backup', { backup_reserve_percent: 95 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ response: { Code: 200, Message: 'Updated' } });
    expect((await siteInfo(site)).backup_reserve_percent).toBe(80);
    await command(sim, site, 'backup', { backup_reserve_percent: 100 });
    expect((await siteInfo(site)).backup_reserve_percent).toBe(100);
    await command(sim, site, 'backup', { backup_reserve_percent: 42 });
    expect((await siteInfo(site)).backup_reserve_percent).toBe(42);
    expect((await view(sim, site)).settings.backupReservePercent).toBe(42);
  });

  it('pins about one site in five as clamping', async () => {
    const flags = [];
    for (const id of demo.energySiteIds) flags.push((await view(sim, id)).firmwareClampsReserve);
    const clamping = flags.filter(Boolean).length;
    expect(clamping).toBeGreaterThanOrEqual(Math.floor(flags.length / 6));
    expect(clamping).toBeLessThanOrEqual(Math.ceil(flags.length / 4));
  });

  it('operation sets default_real_mode', async () => {
    const site = demo.energySiteIds[3]!;
    for (const mode of ['backup', 'self_consumption', 'autonomous']) {
      const res = await command(sim, site, 'operation', { default_real_mode: mode });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(UPDATED_201);
      expect((await siteInfo(site)).default_real_mode).toBe(mode);
    }
  });

  it('grid_import_export sets the export rule and grid charging, leaving absent or null fields alone', async () => {
    const site = await findSite(
      sim,
      demo.energySiteIds,
      (v) => v.derived.hasBattery && v.site.solarCapacityW !== null && v.permissions.editSettingPermissionToExport && v.permissions.editSettingGridCharging,
    );
    const res = await command(sim, site, 'grid_import_export', {
      customer_preferred_export_rule: 'never',
      disallow_charge_from_grid_with_solar_installed: true,
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ response: '' });
    let info = await siteInfo(site);
    expect(info.components.customer_preferred_export_rule).toBe('never');
    expect(info.components.disallow_charge_from_grid_with_solar_installed).toBe(true);
    expect((await view(sim, site)).derived.gridChargingAllowed).toBe(false);

    await command(sim, site, 'grid_import_export', { customer_preferred_export_rule: null, disallow_charge_from_grid_with_solar_installed: false });
    info = await siteInfo(site);
    expect(info.components.customer_preferred_export_rule).toBe('never');
    expect(info.components.disallow_charge_from_grid_with_solar_installed).toBe(false);
    await command(sim, site, 'grid_import_export', { customer_preferred_export_rule: 'battery_ok' });
    info = await siteInfo(site);
    expect(info.components.customer_preferred_export_rule).toBe('battery_ok');
    expect(info.components.disallow_charge_from_grid_with_solar_installed).toBe(false);
  });

  it('storm_mode sets storm_mode_enabled, and live_status stops reporting an active storm mode', async () => {
    const site = await findSite(sim, demo.energySiteIds, (v) => v.derived.stormModeActive);
    const res = await command(sim, site, 'storm_mode', { enabled: false });
    expect(res.body).toEqual(UPDATED_201);
    expect((await siteInfo(site)).user_settings.storm_mode_enabled).toBe(false);
    expect((await liveStatus(sim, site)).storm_mode_active).toBe(false);
    await command(sim, site, 'storm_mode', { enabled: true });
    expect((await siteInfo(site)).user_settings.storm_mode_enabled).toBe(true);
    expect((await liveStatus(sim, site)).storm_mode_active).toBe(true);
  });

  it('time_of_use_settings stores the tariff and derives the schedule from its seasons', async () => {
    const site = demo.energySiteIds[3]!;
    const tariff = allDayTariff('ON_PEAK');
    const res = await command(sim, site, 'time_of_use_settings', tariff);
    expect(res.body).toEqual(UPDATED_201);
    const info = await siteInfo(site);
    expect(info.tou_settings.schedule).toEqual([{ target: 'peak', week_days: [0, 1, 2, 3, 4, 5, 6], start_seconds: 0, end_seconds: 0 }]);
    // Stored normalised, as Tesla does (not as sent): zero period fields left out, Tesla's key order.
    const sent = tariff.tou_settings.tariff_content_v2;
    expect(info.tariff_content_v2).toEqual({ ...sent, seasons: { 'All Year': { ...sent.seasons['All Year'], tou_periods: { ON_PEAK: { periods: [{ toDayOfWeek: 6 }] } } } } });
    expect(Object.keys(info.tariff_content_v2.seasons['All Year'])).toEqual(['fromDay', 'toDay', 'fromMonth', 'toMonth', 'tou_periods']);
    expect((await view(sim, site)).derived.touPeriod).toBe('peak');
  });

  it('time_of_use_settings gives the tariff back normalised like Tesla: key order, code and version added, numbers reformatted, nothing lost', async () => {
    const site = demo.energySiteIds[3]!;
    const sent = {
      sell_tariff: { energy_charges: { Summer: { rates: { ON_PEAK: 0.123456 } } }, name: 'sell' },
      seasons: { Summer: { tou_periods: { ON_PEAK: [{ fromHour: '16', toHour: 21, fromDayOfWeek: 0, toDayOfWeek: 6 }] }, toMonth: 12, fromMonth: 1, toDay: 31, fromDay: 1 } },
      energy_charges: { Summer: { rates: { ON_PEAK: '0.45' } } },
      daily_charges: [{ amount: 0, name: 'Charge' }],
      currency: 'USD',
      utility: 'Some Utility',
      name: 'My Plan',
      x_custom: { kept: true },
    };
    await command(sim, site, 'time_of_use_settings', { tou_settings: { tariff_content_v2: sent } });
    const stored = (await siteInfo(site)).tariff_content_v2;
    expect(JSON.stringify(stored)).not.toBe(JSON.stringify(sent));
    expect(Object.keys(stored)).toEqual(['code', 'name', 'utility', 'currency', 'version', 'daily_charges', 'demand_charges', 'energy_charges', 'seasons', 'sell_tariff', 'x_custom']);
    expect(stored).toMatchObject({ code: 'SOME_UTILITY:MY_PLAN', version: 1, daily_charges: [{ name: 'Charge' }], x_custom: { kept: true } });
    expect(stored.energy_charges.Summer.rates.ON_PEAK).toBe(0.45);
    expect(stored.sell_tariff.energy_charges.Summer.rates.ON_PEAK).toBe(0.1235);
    expect(stored.seasons.Summer.tou_periods.ON_PEAK).toEqual({ periods: [{ toDayOfWeek: 6, fromHour: 16, toHour: 21 }] });
  });

  it('time_of_use_settings reads weekday ranges, hours and season dates', async () => {
    const site = demo.energySiteIds[3]!;
    const summer = {
      fromMonth: 6,
      fromDay: 1,
      toMonth: 9,
      toDay: 30,
      tou_periods: {
        ON_PEAK: { periods: [{ fromDayOfWeek: 1, toDayOfWeek: 5, fromHour: 16, toHour: 21 }] },
        OFF_PEAK: { periods: [{ fromDayOfWeek: 1, toDayOfWeek: 5, fromHour: 21, toHour: 16 }, { fromDayOfWeek: 6, toDayOfWeek: 0 }] },
      },
    };
    // Winter wraps over New Year; it must not be the one in force in June.
    const winter = { fromMonth: 10, fromDay: 1, toMonth: 5, toDay: 31, tou_periods: { PARTIAL_PEAK: [{ fromDayOfWeek: 0, toDayOfWeek: 6 }] } };
    await command(sim, site, 'time_of_use_settings', { tou_settings: { tariff_content_v2: { seasons: { Summer: summer, Winter: winter } } } });
    const schedule = (await siteInfo(site)).tou_settings.schedule;
    expect(schedule).toEqual([
      { target: 'peak', week_days: [1, 2, 3, 4, 5], start_seconds: 16 * 3600, end_seconds: 21 * 3600 },
      { target: 'off_peak', week_days: [1, 2, 3, 4, 5], start_seconds: 21 * 3600, end_seconds: 16 * 3600 },
      { target: 'off_peak', week_days: [0, 6], start_seconds: 0, end_seconds: 0 },
    ]);
  });

  it('time_of_use_settings without readable periods keeps the old schedule', async () => {
    const site = demo.energySiteIds[3]!;
    const before = (await siteInfo(site)).tou_settings.schedule;
    const res = await command(sim, site, 'time_of_use_settings', { tou_settings: { tariff_content_v2: { name: 'flat', seasons: {} } } });
    expect(res.status).toBe(200);
    expect((await siteInfo(site)).tou_settings.schedule).toEqual(before);
  });

  it('off_grid_vehicle_charging_reserve sets the percentage', async () => {
    const site = demo.energySiteIds[0]!;
    const res = await command(sim, site, 'off_grid_vehicle_charging_reserve', { off_grid_vehicle_charging_reserve_percent: 45 });
    expect(res.body).toEqual(UPDATED_201);
    expect((await siteInfo(site)).off_grid_vehicle_charging_reserve_percent).toBe(45);
  });
});

describe('energy command errors', () => {
  it('answers 400 invalid_field for out-of-range or non-numeric percentages and unknown values', async () => {
    const site = demo.energySiteIds[3]!;
    const before = (await siteInfo(site)).backup_reserve_percent;
    for (const value of [101, -1, '50', null]) {
      const res = await command(sim, site, 'backup', { backup_reserve_percent: value });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ response: null, error: 'invalid_field', error_description: 'backup_reserve_percent must be 0-100' });
    }
    expect((await command(sim, site, 'backup', {})).status).toBe(400);
    expect((await siteInfo(site)).backup_reserve_percent).toBe(before);

    const mode = await command(sim, site, 'operation', { default_real_mode: 'turbo' });
    expect(mode.status).toBe(400);
    expect(mode.body.error).toBe('invalid_field');
    expect((await command(sim, site, 'grid_import_export', { customer_preferred_export_rule: 'always' })).status).toBe(400);
    expect((await command(sim, site, 'grid_import_export', { disallow_charge_from_grid_with_solar_installed: 'yes' })).status).toBe(400);
    expect((await command(sim, site, 'storm_mode', { enabled: 'on' })).status).toBe(400);
    const reserve = await command(sim, site, 'off_grid_vehicle_charging_reserve', { off_grid_vehicle_charging_reserve_percent: 120 });
    expect(reserve.status).toBe(400);
    expect(reserve.body.error_description).toBe('off_grid_vehicle_charging_reserve_percent must be 0-100');
    const tou = await command(sim, site, 'time_of_use_settings', { tariff_content_v2: {} });
    expect(tou.status).toBe(400);
    expect(tou.body.error).toBe('invalid_field');
  });

  it('answers 403 when the site does not let the customer change the export rule or grid charging', async () => {
    const locked = await findSite(sim, demo.energySiteIds, (v) => !v.permissions.editSettingPermissionToExport);
    const current = (await siteInfo(locked)).components.customer_preferred_export_rule;
    const other = current === 'battery_ok' ? 'pv_only' : 'battery_ok';
    const res = await command(sim, locked, 'grid_import_export', { customer_preferred_export_rule: other });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ response: null, error: 'export rule change not permitted for this site', error_description: '' });
    expect((await siteInfo(locked)).components.customer_preferred_export_rule).toBe(current);
    // Sending the current value is not a change.
    expect((await command(sim, locked, 'grid_import_export', { customer_preferred_export_rule: current })).status).toBe(200);

    const noGridCharging = await findSite(sim, demo.energySiteIds, (v) => !v.permissions.editSettingGridCharging);
    const flag = (await siteInfo(noGridCharging)).components.disallow_charge_from_grid_with_solar_installed;
    const denied = await command(sim, noGridCharging, 'grid_import_export', { disallow_charge_from_grid_with_solar_installed: !flag });
    expect(denied.status).toBe(403);
    expect(denied.body.error).toBe('grid charging change not permitted for this site');
  });

  it('needs the energy_cmds scope', async () => {
    const readOnly = (await mintToken(sim, 'demo', { scopes: ['openid', 'energy_device_data'] })).access_token;
    const res = await command(sim, demo.energySiteIds[3]!, 'backup', { backup_reserve_percent: 30 }, readOnly);
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ response: null, error: 'Unauthorized missing scopes', error_description: '' });
  });

  it("404s another account's site and counts each command per site", async () => {
    const small = (await accounts(sim)).small!;
    expect((await command(sim, small.energySiteIds[0]!, 'backup', { backup_reserve_percent: 30 })).status).toBe(404);
    const site = demo.energySiteIds[3]!;
    await call(sim, 'POST', '/sim/counters/reset');
    await command(sim, site, 'backup', { backup_reserve_percent: 30 });
    await command(sim, site, 'backup', { backup_reserve_percent: 31 });
    await command(sim, site, 'operation', { default_real_mode: 'autonomous' });
    const counters = (await get(sim, '/sim/counters')).body;
    expect(counters.byEndpoint).toMatchObject({ backup: 2, operation: 1 });
    expect(counters.byEndpointAndDevice[`backup:${site}`]).toBe(2);
    expect(counters.byEndpointAndDevice[`operation:${site}`]).toBe(1);
  });

  it('can be faulted by command name', async () => {
    const site = demo.energySiteIds[3]!;
    await call(sim, 'POST', '/sim/faults', { body: { endpoint: 'storm_mode', deviceId: site, status: 503, count: 1 } });
    expect((await command(sim, site, 'storm_mode', { enabled: true })).status).toBe(503);
    expect((await command(sim, site, 'storm_mode', { enabled: true })).status).toBe(200);
  });
});

describe('energy command rate limit and dialects', () => {
  let limited: RunningSimulator;
  let legacy: RunningSimulator;
  beforeAll(async () => {
    [limited, legacy] = await Promise.all([boot({ rateLimits: { commandsPerMinute: 3 } }), boot({ energyCommandDialect: 'legacy' })]);
  });
  afterAll(() => Promise.all([limited.close(), legacy.close()]));

  it('limits commands per site per minute with a 429, separately from data reads', async () => {
    const t = (await mintToken(limited)).access_token;
    const [site, otherSite] = (await accounts(limited)).demo!.energySiteIds;
    for (let i = 0; i < 3; i++) expect((await command(limited, site!, 'storm_mode', { enabled: true }, t)).status).toBe(200);
    const res = await command(limited, site!, 'storm_mode', { enabled: true }, t);
    expect(res.status).toBe(429);
    expect(res.headers.get('ratelimit-limit')).toBe('3');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await get(limited, `/api/1/energy_sites/${site}/site_info`, t)).status).toBe(200);
    expect((await command(limited, otherSite!, 'storm_mode', { enabled: true }, t)).status).toBe(200);
  });

  it("answers {code:201,message} everywhere in the 'legacy' dialect", async () => {
    const t = (await mintToken(legacy)).access_token;
    const site = (await accounts(legacy)).demo!.energySiteIds[3]!;
    expect((await command(legacy, site, 'backup', { backup_reserve_percent: 30 }, t)).body).toEqual(UPDATED_201);
    expect((await command(legacy, site, 'grid_import_export', { customer_preferred_export_rule: 'pv_only' }, t)).body).toEqual(UPDATED_201);
    expect((await command(legacy, site, 'operation', { default_real_mode: 'autonomous' }, t)).body).toEqual(UPDATED_201);
  });
});

describe('settings drive the physics', () => {
  it('DISCHARGE levers (battery_ok + autonomous + peak) discharge at full power and export', async () => {
    const site = await findSite(
      sim,
      demo.energySiteIds,
      (v) => v.derived.hasBattery && v.permissions.editSettingPermissionToExport && v.site.wallConnectors.length === 0 && !v.site.environment.stormWatchActive,
    );
    const nameplate = (await siteInfo(site)).nameplate_power as number;
    expect((await command(sim, site, 'backup', { backup_reserve_percent: 5 })).status).toBe(200);
    expect((await command(sim, site, 'grid_import_export', { customer_preferred_export_rule: 'battery_ok' })).status).toBe(200);
    expect((await command(sim, site, 'operation', { default_real_mode: 'autonomous' })).status).toBe(200);
    expect((await command(sim, site, 'time_of_use_settings', allDayTariff('ON_PEAK'))).status).toBe(200);
    const before = await liveStatus(sim, site);
    await advance(sim, 180);
    const live = await liveStatus(sim, site);
    expect(live.battery_power).toBeGreaterThan(0.95 * nameplate);
    expect(live.grid_power).toBeLessThan(0);
    expect(live.load_power).toBe(live.solar_power + live.battery_power + live.grid_power);
    expect(live.energy_left).toBeLessThan(before.energy_left);
  });

  it('CHARGE levers (backup mode, grid charging allowed) charge from the grid at full power', async () => {
    // The battery-only site sits at its reserve: room to charge, and no sun to charge from.
    const site = await findSite(sim, demo.energySiteIds, (v) => v.derived.hasBattery && v.site.solarCapacityW === null && v.state.percentageCharged < 90);
    const maxCharge = (await siteInfo(site)).components.batteries.reduce((sum: number, b: { nameplate_max_charge_power: number }) => sum + b.nameplate_max_charge_power, 0);
    expect((await view(sim, site)).derived.gridChargingAllowed).toBe(true);
    expect((await command(sim, site, 'operation', { default_real_mode: 'backup' })).status).toBe(200);
    const before = await liveStatus(sim, site);
    await advance(sim, 180);
    const live = await liveStatus(sim, site);
    expect(live.battery_power).toBe(-maxCharge);
    expect(live.grid_power).toBeGreaterThan(maxCharge);
    expect(live.percentage_charged).toBeGreaterThan(before.percentage_charged);
  });

  it('CHARGE levers on a solar site at night: grid charging allowed + autonomous in off-peak', async () => {
    const night = await boot({ startTime: START + 13 * 3_600_000 }); // 01:00 in California, 04:00 in New York
    try {
      const t = (await mintToken(night)).access_token;
      const ids = (await accounts(night)).demo!.energySiteIds;
      const site = await findSite(
        night,
        ids,
        (v) => v.derived.hasBattery && v.site.solarCapacityW !== null && v.permissions.editSettingGridCharging && v.site.wallConnectors.length === 0 && !v.site.environment.stormWatchActive && v.state.percentageCharged < 90,
      );
      const ok = async (name: string, body: unknown) => expect((await command(night, site, name, body, t)).status).toBe(200);
      await ok('grid_import_export', { disallow_charge_from_grid_with_solar_installed: false });
      await ok('operation', { default_real_mode: 'autonomous' });
      await ok('time_of_use_settings', allDayTariff('OFF_PEAK'));
      await advance(night, 120);
      const live = await liveStatus(night, site, t);
      expect(live.solar_power).toBe(0);
      expect(live.battery_power).toBeLessThan(-4000);
      expect(live.grid_power).toBeGreaterThan(4000);
      // Grid charging forbidden again: with no sun the battery stops charging.
      await ok('grid_import_export', { disallow_charge_from_grid_with_solar_installed: true });
      await advance(night, 60);
      expect((await liveStatus(night, site, t)).battery_power).toBeGreaterThanOrEqual(0);
    } finally {
      await night.close();
    }
  });

  it('a higher reserve stops the discharge from that instant', async () => {
    const site = await findSite(sim, demo.energySiteIds, (v) => v.derived.hasBattery && v.site.solarCapacityW === null);
    await command(sim, site, 'backup', { backup_reserve_percent: 0 });
    await advance(sim, 120);
    expect((await liveStatus(sim, site)).battery_power).toBeGreaterThan(0);
    await command(sim, site, 'backup', { backup_reserve_percent: 100 });
    expect((await liveStatus(sim, site)).battery_power).toBe(0);
  });
});
