import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_VEHICLE_CASES } from '../../src/simulator/fleet/demo-fleet.js';
import type { RunningSimulator } from '../../src/simulator/server.js';
import { accounts, advance, boot, call, get, mintToken, type SimAccount } from './sim-client.js';

let sim: RunningSimulator;
let demo: SimAccount;
let small: SimAccount;
let token: string;

beforeAll(async () => {
  sim = await boot();
  ({ demo, small } = (await accounts(sim)) as { demo: SimAccount; small: SimAccount });
  token = (await mintToken(sim)).access_token;
});
afterAll(() => sim.close());

describe('envelope and identifiers', () => {
  it('answers /status without auth', async () => {
    const res = await get(sim, '/status');
    expect(res.status).toBe(200);
    expect(res.text).toBe('ok');
  });

  it('wraps lists in {response, count} with JSON content type', async () => {
    const res = await get(sim, '/api/1/products', token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(Array.isArray(res.body.response)).toBe(true);
    expect(res.body.count).toBe(res.body.response.length);
  });

  it('serialises ids above 2^31 as exact JSON numbers', async () => {
    const res = await get(sim, '/api/1/products', token);
    for (const id of demo.energySiteIds) {
      expect(Number(id)).toBeGreaterThan(2 ** 31);
      expect(Number(id)).toBeLessThan(2 ** 53);
      // A bare number in the raw text, digit for digit: not a string, not rounded.
      expect(res.text).toContain(`"energy_site_id":${id},`);
    }
    const listedWithoutVin = demo.vehicles[DEMO_VEHICLE_CASES.listedWithoutVin]!.vin;
    for (const { id, vin } of demo.vehicles) {
      expect(Number(id)).toBeGreaterThan(2 ** 31);
      expect(res.text).toContain(`"id":${id},`);
      const vehicle = res.body.response.find((p: { id?: number }) => String(p.id) === id);
      // The demo car listed without a VIN (simulator README) shows `vin: null` here.
      expect(vehicle.vin).toBe(vin === listedWithoutVin ? null : vin);
      expect(vehicle.vehicle_id).toBeGreaterThan(2 ** 31);
      expect(vin).toHaveLength(17);
    }
  });

  it('answers unknown routes with a 404 envelope', async () => {
    const res = await get(sim, '/api/1/nothing/here', token);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ response: null, error: 'not_found', error_description: '' });
  });
});

describe('bearer tokens and scopes', () => {
  it('rejects a missing or forged token with 401 invalid bearer token', async () => {
    for (const bad of [undefined, 'not-a-jwt', `${token.slice(0, -4)}AAAA`]) {
      const res = await get(sim, '/api/1/users/region', bad);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ response: null, error: 'invalid bearer token', error_description: '' });
    }
  });

  it('expires tokens on the simulated clock', async () => {
    const short = await mintToken(sim, 'demo', { expiresIn: 60 });
    expect((await get(sim, '/api/1/users/region', short.access_token)).status).toBe(200);
    await advance(sim, 61);
    const res = await get(sim, '/api/1/users/region', short.access_token);
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('token expired (401)');
  });

  it('enforces scopes per endpoint with 403 Unauthorized missing scopes', async () => {
    const vehicleOnly = (await mintToken(sim, 'demo', { scopes: ['openid', 'vehicle_device_data'] })).access_token;
    const energyOnly = (await mintToken(sim, 'demo', { scopes: ['openid', 'energy_device_data'] })).access_token;
    const bare = (await mintToken(sim, 'demo', { scopes: ['openid'] })).access_token;
    const site = demo.energySiteIds[0];
    const vin = demo.vehicles[0]!.vin;
    const forbidden = { response: null, error: 'Unauthorized missing scopes', error_description: '' };

    const live = await get(sim, `/api/1/energy_sites/${site}/live_status`, vehicleOnly);
    expect(live.status).toBe(403);
    expect(live.body).toEqual(forbidden);
    expect((await get(sim, `/api/1/energy_sites/${site}/site_info`, vehicleOnly)).status).toBe(403);
    expect((await get(sim, `/api/1/energy_sites/${site}/calendar_history?kind=energy`, vehicleOnly)).status).toBe(403);
    expect((await get(sim, `/api/1/vehicles/${vin}/vehicle_data`, energyOnly)).status).toBe(403);
    expect((await get(sim, '/api/1/vehicles', energyOnly)).status).toBe(403);
    expect((await get(sim, '/api/1/users/me', energyOnly)).status).toBe(403);
    expect((await get(sim, '/api/1/products', bare)).status).toBe(403);

    // products takes either data scope; users/region needs only a valid token.
    expect((await get(sim, '/api/1/products', vehicleOnly)).status).toBe(200);
    expect((await get(sim, '/api/1/products', energyOnly)).status).toBe(200);
    expect((await get(sim, '/api/1/users/region', bare)).status).toBe(200);
    expect((await get(sim, `/api/1/energy_sites/${site}/live_status`, energyOnly)).status).toBe(200);
  });
});

describe('accounts and regions', () => {
  it('reports the region and the simulator’s regional base as Fleet API base', async () => {
    expect((await get(sim, '/api/1/users/region', token)).body.response).toEqual({ region: 'na', fleet_api_base_url: `${sim.url}/regions/na` });
    const eu = (await mintToken(sim, 'small')).access_token;
    expect((await get(sim, '/api/1/users/region', eu)).body.response.region).toBe('eu');
  });

  it('returns the profile', async () => {
    const me = (await get(sim, '/api/1/users/me', token)).body.response;
    expect(me).toMatchObject({ email: expect.any(String), full_name: expect.any(String), vault_uuid: expect.any(String) });
    expect(me).toHaveProperty('profile_image_url');
  });

  it('hides another account’s site and vehicle behind 404 not_found', async () => {
    const foreignSite = small.energySiteIds[0];
    const res = await get(sim, `/api/1/energy_sites/${foreignSite}/live_status`, token);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ response: null, error: 'not_found', error_description: '' });
    expect((await get(sim, `/api/1/energy_sites/123456789012/site_info`, token)).status).toBe(404);
    expect((await get(sim, `/api/1/vehicles/${small.vehicles[0]!.vin}`, token)).status).toBe(404);
    expect((await get(sim, `/api/1/vehicles/${small.vehicles[0]!.id}/vehicle_data`, token)).status).toBe(404);
  });
});

describe('products of the demo fleet', () => {
  it('has the sites and cars the sandbox promises', async () => {
    const products = (await get(sim, '/api/1/products', token)).body.response as Record<string, any>[];
    const sites = products.filter((p) => 'energy_site_id' in p);
    const cars = products.filter((p) => 'vin' in p);
    expect(sites.length).toBeGreaterThanOrEqual(25);
    expect(cars.length).toBeGreaterThanOrEqual(10);

    const solarOnly = sites.filter((s) => !s.components.battery && s.components.solar);
    expect(solarOnly.length).toBeGreaterThan(0);
    for (const s of solarOnly) {
      expect(s).toMatchObject({ resource_type: 'solar', energy_left: 0, total_pack_energy: 1, percentage_charged: 0, battery_power: 0 });
    }
    expect(sites.some((s) => s.components.wall_connectors.length > 0)).toBe(true);
    expect(sites.every((s) => s.device_type === 'energy' && /^STE/.test(s.id) && typeof s.asset_site_id === 'string')).toBe(true);

    expect(new Set(cars.map((c) => c.state))).toEqual(new Set(['online', 'asleep', 'offline']));
    expect(cars.some((c) => c.command_signing === 'allowed')).toBe(true);
    expect(cars.filter((c) => c.command_signing === 'required').length).toBeGreaterThan(cars.length / 2);
  });

  it('covers all export rules, modes, storm mode and grid-charging settings in site_info', async () => {
    const infos = await Promise.all(demo.energySiteIds.map(async (id) => (await get(sim, `/api/1/energy_sites/${id}/site_info`, token)).body.response));
    const rules = new Set(infos.map((i) => i.components.customer_preferred_export_rule));
    expect(rules).toEqual(new Set(['pv_only', 'battery_ok', 'never']));
    expect(new Set(infos.map((i) => i.default_real_mode))).toEqual(new Set(['self_consumption', 'autonomous', 'backup']));
    expect(new Set(infos.map((i) => i.components.edit_setting_permission_to_export))).toEqual(new Set([true, false]));
    expect(new Set(infos.filter((i) => i.components.solar).map((i) => i.components.disallow_charge_from_grid_with_solar_installed))).toEqual(new Set([true, false]));
    for (const zone of ['America/Los_Angeles', 'America/Denver', 'America/Phoenix', 'America/Chicago', 'America/New_York']) {
      expect(infos.some((i) => i.installation_time_zone === zone)).toBe(true);
    }
    for (const info of infos.filter((i) => i.components.battery)) {
      expect(info.battery_count).toBe(info.components.batteries.length);
      expect(info.battery_count).toBeGreaterThanOrEqual(1);
      expect(info.battery_count).toBeLessThanOrEqual(3);
      for (const b of info.components.batteries) {
        expect(b.nameplate_energy).toBe(13500);
        expect(b.part_name === 'Powerwall 2' ? 5000 : 11500).toBe(b.nameplate_max_discharge_power);
        // The demo's devicesWithoutDin site leaves din out (simulator README); every other row has one.
        if (b.din !== undefined) expect(b.din).toMatch(/--/);
        else expect(info.installation_time_zone).toBe('');
      }
      expect(info.nameplate_energy).toBe(13500 * info.battery_count);
    }

    const liveStorm = await Promise.all(demo.energySiteIds.map(async (id) => (await get(sim, `/api/1/energy_sites/${id}/live_status`, token)).body.response.storm_mode_active));
    expect(liveStorm.filter(Boolean).length).toBeGreaterThanOrEqual(1);
    const stormIndex = liveStorm.indexOf(true);
    expect(infos[stormIndex].user_settings.storm_mode_enabled).toBe(true);
  });

  it('gives the EU account two Berlin sites and one car', async () => {
    expect(small.energySiteIds).toHaveLength(2);
    expect(small.vehicles).toHaveLength(1);
    const eu = (await mintToken(sim, 'small')).access_token;
    for (const id of small.energySiteIds) {
      expect((await get(sim, `/api/1/energy_sites/${id}/site_info`, eu)).body.response.installation_time_zone).toBe('Europe/Berlin');
    }
    const live = (await get(sim, `/api/1/energy_sites/${small.energySiteIds[0]}/live_status`, eu)).body.response;
    expect(live.timestamp).toMatch(/\+0[12]:00$/);
  });
});

describe('vehicles', () => {
  it('finds a vehicle by numeric id and by VIN', async () => {
    const { id, vin } = demo.vehicles[0]!;
    const byId = await get(sim, `/api/1/vehicles/${id}`, token);
    const byVin = await get(sim, `/api/1/vehicles/${vin}`, token);
    expect(byId.status).toBe(200);
    expect(byId.body.response.vin).toBe(vin);
    expect(byVin.body.response).toEqual(byId.body.response);
  });

  it('pages the vehicle list', async () => {
    const first = (await get(sim, '/api/1/vehicles?page=1&per_page=5', token)).body;
    const third = (await get(sim, '/api/1/vehicles?page=3&per_page=5', token)).body;
    expect(first.response).toHaveLength(5);
    expect(first.count).toBe(demo.vehicles.length);
    expect(third.response).toHaveLength(Math.min(5, demo.vehicles.length - 10));
    expect(first.pagination).toMatchObject({ current: 1, next: 2, previous: null, per_page: 5 });
  });

  it('answers 408 for a sleeping or offline car and data for an online one', async () => {
    const products = (await get(sim, '/api/1/products', token)).body.response as Record<string, any>[];
    const asleep = products.find((p) => p.state === 'asleep')!;
    const offline = products.find((p) => p.state === 'offline')!;
    for (const car of [asleep, offline]) {
      const res = await get(sim, `/api/1/vehicles/${car.vin}/vehicle_data`, token);
      expect(res.status).toBe(408);
      expect(res.body).toEqual({ response: null, error: 'vehicle unavailable: vehicle is offline or asleep', error_description: '' });
    }
    // Waking it through the admin API makes data available.
    await call(sim, 'POST', `/sim/vehicles/${asleep.vin}`, { body: { state: 'online' } });
    expect((await get(sim, `/api/1/vehicles/${asleep.id}/vehicle_data?endpoints=charge_state`, token)).status).toBe(200);
    await call(sim, 'POST', `/sim/vehicles/${asleep.vin}`, { body: { state: 'asleep' } });
  });

  it('returns requested sections with a full charge_state', async () => {
    const products = (await get(sim, '/api/1/products', token)).body.response as Record<string, any>[];
    // Online cars with a VIN in the list, except the one that sends its numbers as text (its own test below).
    const oddNumbers = demo.vehicles[DEMO_VEHICLE_CASES.numbersAsText]!.vin;
    const cars = products.filter((p) => p.state === 'online' && p.vin && p.vin !== oddNumbers);
    const states = [];
    for (const car of cars) {
      const data = (await get(sim, `/api/1/vehicles/${car.id}/vehicle_data?endpoints=charge_state`, token)).body.response;
      expect(data).toMatchObject({ id: car.id, vehicle_id: car.vehicle_id, vin: car.vin, state: 'online', display_name: car.display_name });
      expect(data).not.toHaveProperty('drive_state');
      const cs = data.charge_state;
      for (const key of ['battery_level', 'usable_battery_level', 'charge_limit_soc', 'charger_power', 'charge_amps', 'charge_current_request', 'charge_current_request_max', 'charger_voltage', 'charger_actual_current', 'charge_energy_added', 'minutes_to_full_charge', 'battery_range', 'timestamp']) {
        expect(typeof cs[key], key).toBe('number');
      }
      expect(cs).toHaveProperty('charger_phases');
      expect(['Disconnected', 'Stopped', 'Charging', 'Complete']).toContain(cs.charging_state);
      states.push(cs.charging_state);
      if (cs.charging_state === 'Charging') expect(cs.charger_power).toBeGreaterThan(0);
    }
    expect(states).toContain('Charging');
  });

  it('sends the numbersAsText car\'s charge_state numbers as text, and lists the listedWithoutVin car without a VIN', async () => {
    const odd = demo.vehicles[DEMO_VEHICLE_CASES.numbersAsText]!;
    const cs = (await get(sim, `/api/1/vehicles/${odd.vin}/vehicle_data?endpoints=charge_state`, token)).body.response.charge_state;
    for (const key of ['battery_level', 'charge_limit_soc', 'charge_amps', 'charge_current_request']) {
      expect(typeof cs[key], key).toBe('string');
      expect(Number.isFinite(Number(cs[key])), key).toBe(true);
    }
    expect(typeof cs.charger_power).toBe('number');

    const unlisted = demo.vehicles[DEMO_VEHICLE_CASES.listedWithoutVin]!;
    const products = (await get(sim, '/api/1/products', token)).body.response as Record<string, any>[];
    expect(products.find((p) => String(p.id) === unlisted.id)).toMatchObject({ vin: null });
    const list = (await get(sim, '/api/1/vehicles', token)).body.response as Record<string, any>[];
    expect(list.find((p) => String(p.id) === unlisted.id)).not.toHaveProperty('vin');
    // Its own endpoints still know it by VIN.
    expect((await get(sim, `/api/1/vehicles/${unlisted.vin}`, token)).body.response.vin).toBe(unlisted.vin);
  });

  it('includes location only with the vehicle_location scope', async () => {
    const car = demo.vehicles[0]!;
    const withoutScope = (await get(sim, `/api/1/vehicles/${car.vin}/vehicle_data`, token)).body.response;
    for (const section of ['charge_state', 'vehicle_state', 'drive_state', 'climate_state', 'vehicle_config', 'gui_settings']) {
      expect(withoutScope).toHaveProperty(section);
    }
    expect(withoutScope.drive_state).not.toHaveProperty('latitude');
    const located = (await mintToken(sim, 'demo', { scopes: ['vehicle_device_data', 'vehicle_location'] })).access_token;
    const withScope = (await get(sim, `/api/1/vehicles/${car.vin}/vehicle_data?endpoints=location_data;charge_state`, located)).body.response;
    expect(typeof withScope.drive_state.latitude).toBe('number');
  });

  it('lists key pairing in fleet_status for this account’s VINs only', async () => {
    const vins = [...demo.vehicles.map((v) => v.vin), small.vehicles[0]!.vin];
    const res = await call(sim, 'POST', '/api/1/vehicles/fleet_status', { token, body: { vins } });
    expect(res.status).toBe(200);
    const { key_paired_vins, unpaired_vins, vehicle_info } = res.body.response;
    expect([...key_paired_vins, ...unpaired_vins].sort()).toEqual(demo.vehicles.map((v) => v.vin).sort());
    expect(key_paired_vins.length).toBeGreaterThan(0);
    expect(unpaired_vins.length).toBeGreaterThan(0);
    expect(vehicle_info).not.toHaveProperty(small.vehicles[0]!.vin);
    const info = vehicle_info[demo.vehicles[0]!.vin];
    expect(info).toMatchObject({ vehicle_command_protocol_required: true, firmware_version: expect.any(String), total_number_of_keys: expect.any(Number) });
    expect(info).toHaveProperty('fleet_telemetry_version');

    // Pairing a key through the admin API moves the car between the lists.
    const unpaired = unpaired_vins[0];
    await call(sim, 'POST', `/sim/vehicles/${unpaired}`, { body: { keyPaired: true } });
    const after = (await call(sim, 'POST', '/api/1/vehicles/fleet_status', { token, body: { vins: [unpaired] } })).body.response;
    expect(after.key_paired_vins).toEqual([unpaired]);
    await call(sim, 'POST', `/sim/vehicles/${unpaired}`, { body: { keyPaired: false } });
  });
});

describe('calendar_history', () => {
  it('returns 5-minute energy buckets for a day, with the site offset', async () => {
    const site = demo.energySiteIds[0];
    const res = await get(sim, `/api/1/energy_sites/${site}/calendar_history?kind=energy&period=day&start_date=2025-06-20T00:00:00-07:00&end_date=2025-06-20T23:59:59-07:00&time_zone=America/Los_Angeles`, token);
    expect(res.status).toBe(200);
    const { period, installation_time_zone, time_series } = res.body.response;
    expect(period).toBe('day');
    expect(typeof installation_time_zone).toBe('string');
    expect(time_series).toHaveLength(288);
    expect(time_series[0].timestamp).toBe('2025-06-20T00:00:00-07:00');
    expect(time_series[1].timestamp).toBe('2025-06-20T00:05:00-07:00');
    for (const item of time_series) {
      expect(item.total_home_usage).toBe(item.consumer_energy_imported_from_grid + item.consumer_energy_imported_from_solar + item.consumer_energy_imported_from_battery);
      expect(item.total_solar_generation).toBe(item.consumer_energy_imported_from_solar + item.battery_energy_imported_from_solar + item.grid_energy_exported_from_solar);
    }
  });

  it('answers kind=backup with no events', async () => {
    const res = await get(sim, `/api/1/energy_sites/${demo.energySiteIds[1]}/calendar_history?kind=backup`, token);
    expect(res.body.response).toEqual({ events: [], total_events: 0 });
  });
});
