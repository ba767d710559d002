import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batteryPowerW, type DispatchInput } from '../../src/simulator/physics/battery-dispatch.js';
import type { RunningSimulator } from '../../src/simulator/server.js';
import { accounts, advance, boot, get, mintToken, type SimAccount } from './sim-client.js';

let sim: RunningSimulator;
let demo: SimAccount;
let token: string;

beforeAll(async () => {
  // No rate limit: this file reads every site once per simulated hour.
  sim = await boot({ rateLimits: { dataPerMinute: 0 } });
  demo = (await accounts(sim)).demo!;
  token = (await mintToken(sim, 'demo', { expiresIn: 30 * 86_400 })).access_token;
});
afterAll(() => sim.close());

interface Live {
  solar_power: number;
  battery_power: number;
  grid_power: number;
  load_power: number;
  percentage_charged: number;
  energy_left: number;
  total_pack_energy: number;
  storm_mode_active: boolean;
  timestamp: string;
}

async function live(id: string): Promise<Live> {
  const res = await get(sim, `/api/1/energy_sites/${id}/live_status`, token);
  expect(res.status).toBe(200);
  return res.body.response as Live;
}

describe('site physics over two simulated days', () => {
  it('balances power exactly, keeps SoC in range and respects modes and reserves', async () => {
    const infos = new Map<string, any>();
    for (const id of demo.energySiteIds) infos.set(id, (await get(sim, `/api/1/energy_sites/${id}/site_info`, token)).body.response);

    let samples = 0;
    let sawNightDischarge = false;
    let sawSolarCharge = false;
    let sawExport = false;
    let sawHeldAtReserve = false;
    const daylightSolar = new Set<string>();
    for (let hour = 0; hour < 48; hour++) {
      for (const id of demo.energySiteIds) {
        const s = await live(id);
        const info = infos.get(id);
        samples++;
        expect(s.load_power, `balance at ${s.timestamp}`).toBe(s.solar_power + s.battery_power + s.grid_power);
        for (const key of ['solar_power', 'battery_power', 'grid_power', 'load_power'] as const) expect(Number.isInteger(s[key])).toBe(true);
        expect(s.solar_power).toBeGreaterThanOrEqual(0);
        expect(s.load_power).toBeGreaterThan(0);
        expect(s.percentage_charged).toBeGreaterThanOrEqual(0);
        expect(s.percentage_charged).toBeLessThanOrEqual(100);
        if (s.solar_power > 0) daylightSolar.add(s.timestamp.slice(11, 13));

        if (!info.components.battery) {
          expect(s).toMatchObject({ battery_power: 0, energy_left: 0, total_pack_energy: 1, percentage_charged: 0 });
          continue;
        }
        const maxDischarge = info.components.batteries.reduce((sum: number, b: any) => sum + b.nameplate_max_discharge_power, 0);
        const maxCharge = info.components.batteries.reduce((sum: number, b: any) => sum + b.nameplate_max_charge_power, 0);
        expect(s.battery_power).toBeLessThanOrEqual(maxDischarge);
        expect(-s.battery_power).toBeLessThanOrEqual(maxCharge);
        const mode = info.default_real_mode;
        if (mode === 'backup' || s.storm_mode_active) expect(s.battery_power, `${mode} never discharges`).toBeLessThanOrEqual(0);
        if (s.battery_power > 0) expect(s.percentage_charged).toBeGreaterThanOrEqual(info.backup_reserve_percent - 0.01);
        if (mode === 'self_consumption' && !s.storm_mode_active) {
          // Self-consumption never exports battery energy and never charges from the grid.
          if (s.battery_power > 0) expect(s.battery_power).toBeLessThanOrEqual(s.load_power - s.solar_power);
          if (s.battery_power < 0) expect(-s.battery_power).toBeLessThanOrEqual(s.solar_power - 0);
          if (s.battery_power > 0 && s.solar_power === 0) sawNightDischarge = true;
          if (s.battery_power < 0) sawSolarCharge = true;
          if (Math.abs(s.percentage_charged - info.backup_reserve_percent) < 0.01 && s.battery_power === 0 && s.grid_power > 0) sawHeldAtReserve = true;
        }
        if (info.components.customer_preferred_export_rule === 'never') expect(s.grid_power).toBeGreaterThanOrEqual(0);
        if (s.grid_power < 0) sawExport = true;
      }
      await advance(sim, 3600);
    }
    expect(samples).toBe(48 * demo.energySiteIds.length);
    expect(sawNightDischarge).toBe(true);
    expect(sawSolarCharge).toBe(true);
    expect(sawExport).toBe(true);
    expect(sawHeldAtReserve).toBe(true);
    // The sun is down at some local hours (no solar around local midnight).
    expect(daylightSolar.has('00')).toBe(false);
  });

  it('drains a self-consumption battery down to its reserve and no further', async () => {
    // The battery-only site (no solar, heavy load) cannot recharge in self-consumption mode.
    const infos = await Promise.all(demo.energySiteIds.map(async (id) => [id, (await get(sim, `/api/1/energy_sites/${id}/site_info`, token)).body.response] as const));
    const [id, info] = infos.find(([, i]) => i.components.battery && !i.components.solar && i.default_real_mode === 'self_consumption')!;
    const levels: number[] = [];
    for (let i = 0; i < 12; i++) {
      const s = await live(id);
      levels.push(s.percentage_charged);
      expect(s.percentage_charged).toBeGreaterThanOrEqual(info.backup_reserve_percent - 1e-9);
      await advance(sim, 1800);
    }
    expect(levels.at(-1)).toBeCloseTo(info.backup_reserve_percent, 5);
    const s = await live(id);
    expect(s.battery_power).toBe(0);
    expect(s.grid_power).toBe(s.load_power);
  });

  it('integrates SoC consistently with battery power (energy_left moves the way battery_power says)', async () => {
    let id = demo.energySiteIds[0]!;
    for (const candidate of demo.energySiteIds) {
      if ((await live(candidate)).battery_power !== 0) {
        id = candidate;
        break;
      }
    }
    const before = await live(id);
    await advance(sim, 60);
    const after = await live(id);
    if (before.battery_power > 0) expect(after.energy_left).toBeLessThanOrEqual(before.energy_left);
    if (before.battery_power < 0) expect(after.energy_left).toBeGreaterThanOrEqual(before.energy_left);
    const expectedDelta = (-before.battery_power * 60) / 3600;
    expect(after.energy_left - before.energy_left).toBeCloseTo(expectedDelta, 0);
  });

  it('keeps calendar_history consistent with the simulated powers', async () => {
    const id = demo.energySiteIds[0]!;
    const res = await get(sim, `/api/1/energy_sites/${id}/calendar_history?kind=energy&period=day`, token);
    const series = res.body.response.time_series as any[];
    expect(series.length).toBeGreaterThan(0);
    for (const item of series) {
      expect(item.grid_energy_imported).toBe(item.consumer_energy_imported_from_grid + item.battery_energy_imported_from_grid);
      expect(item.total_grid_energy_exported).toBe(item.grid_energy_exported_from_solar + item.grid_energy_exported_from_battery);
      expect(item.total_battery_discharge).toBe(item.consumer_energy_imported_from_battery + item.grid_energy_exported_from_battery);
      expect(item.total_battery_charge).toBe(item.battery_energy_imported_from_grid + item.battery_energy_imported_from_solar);
      // A 5-minute bucket at a few kW is a few hundred Wh at most.
      expect(item.total_home_usage).toBeLessThan(30_000 / 12);
    }
    const week = await get(sim, `/api/1/energy_sites/${id}/calendar_history?kind=energy&period=week`, token);
    const days = week.body.response.time_series as any[];
    expect(days.length).toBeGreaterThanOrEqual(2);
    expect(days.every((d) => /T00:00:00[-+]\d\d:\d\d$/.test(d.timestamp))).toBe(true);
  });
});

describe('battery dispatch rules', () => {
  const base: DispatchInput = {
    mode: 'self_consumption',
    solarW: 0,
    loadW: 2000,
    maxDischargeW: 5000,
    maxChargeW: 5000,
    gridChargingAllowed: true,
    exportRule: 'battery_ok',
    touPeriod: 'off_peak',
  };

  it('self-consumption covers the deficit and stores the surplus', () => {
    expect(batteryPowerW(base)).toBe(2000);
    expect(batteryPowerW({ ...base, maxDischargeW: 300 })).toBe(300);
    expect(batteryPowerW({ ...base, solarW: 6000 })).toBe(-4000);
    expect(batteryPowerW({ ...base, solarW: 9000 })).toBe(-5000);
  });

  it('backup and storm hold: never discharge, grid-charge only when allowed', () => {
    expect(batteryPowerW({ ...base, mode: 'backup' })).toBe(-5000);
    expect(batteryPowerW({ ...base, mode: 'hold', gridChargingAllowed: false })).toBe(0);
    expect(batteryPowerW({ ...base, mode: 'hold', gridChargingAllowed: false, solarW: 3000 })).toBe(-1000);
  });

  it('autonomous follows TOU periods', () => {
    expect(batteryPowerW({ ...base, mode: 'autonomous', touPeriod: 'peak' })).toBe(5000);
    expect(batteryPowerW({ ...base, mode: 'autonomous', touPeriod: 'peak', exportRule: 'pv_only' })).toBe(2000);
    expect(batteryPowerW({ ...base, mode: 'autonomous', touPeriod: 'off_peak' })).toBe(-5000);
    expect(batteryPowerW({ ...base, mode: 'autonomous', touPeriod: 'off_peak', gridChargingAllowed: false, solarW: 2500 })).toBe(-500);
  });
});
