import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/server.js';
import { DEMO_VEHICLE_CASES } from '../../src/simulator/fleet/demo-fleet.js';
import { accounts, advance, boot, call, get, mintToken, type SimAccount } from './sim-client.js';

/** wake_up, unsigned REST commands and the signing proxy (tesla-fleet-api.md §6.1, §6.3–6.4). */

let sim: RunningSimulator;
let demo: SimAccount;
let token: string;

/** The demo fleet pins each car's shape by index (fleet/demo-fleet.ts). */
const CAR = {
  chargingPaired: 0,
  oldModelS: 2, // command_signing 'allowed', key not paired, plugged in, not charging
  asleepPaired: 3,
  offline: 4,
  onlineUnpaired: 5,
  completePaired: 7,
  unpluggedPaired: 10,
  offlineUnpaired: 11,
  signingAllowedButProtocolRequired: DEMO_VEHICLE_CASES.signingAllowedButProtocolRequired, // online, paired, unplugged
  mobileAccessOff: DEMO_VEHICLE_CASES.mobileAccessOff, // asleep, paired, unplugged
} as const;
const vin = (index: number) => demo.vehicles[index]!.vin;

const PROTOCOL_REQUIRED = {
  response: null,
  error:
    'Tesla Vehicle Command Protocol required, please refer to the documentation here: https://developer.tesla.com/docs/fleet-api#2023-10-09-rest-api-vehicle-commands-endpoint-deprecation-warning',
  error_description: '',
};
const NOT_PAIRED = { response: null, error: 'vehicle rejected request: your public key has not been paired with the vehicle', error_description: '' };
const UNAVAILABLE = { response: null, error: 'vehicle unavailable: vehicle is offline or asleep', error_description: '' };
const OK = { response: { result: true, reason: '' } };
const refused = (reason: string) => ({ response: { result: false, reason } });

beforeAll(async () => {
  sim = await boot({ wakeDelaySeconds: 1 });
  demo = (await accounts(sim)).demo!;
});
afterAll(() => sim.close());
beforeEach(async () => {
  await call(sim, 'POST', '/sim/reset');
  token = (await mintToken(sim)).access_token;
});

const rest = (car: string, name: string, body: unknown = {}, t = token) => call(sim, 'POST', `/api/1/vehicles/${car}/command/${name}`, { token: t, body });
/** `t: null` sends no Authorization header. */
const proxy = (car: string, name: string, body: unknown = {}, t: string | null = token) =>
  call(sim, 'POST', `/proxy/api/1/vehicles/${car}/command/${name}`, { ...(t ? { token: t } : {}), body });
const chargeState = async (car: string) => (await get(sim, `/api/1/vehicles/${car}/vehicle_data?endpoints=charge_state`, token)).body.response.charge_state;
const setCar = (car: string, patch: Record<string, unknown>) => call(sim, 'POST', `/sim/vehicles/${car}`, { body: patch });

describe('proxy', () => {
  it('is exposed as proxyUrl and answers /health', async () => {
    expect(sim.proxyUrl).toBe(`${sim.url}/proxy`);
    const res = await fetch(`${sim.proxyUrl}/health`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('OK');
  });

  it('needs a Bearer token and a 17-character VIN, and does not count those rejections', async () => {
    await call(sim, 'POST', '/sim/counters/reset');
    const noToken = await proxy(vin(CAR.chargingPaired), 'charge_stop', {}, null);
    expect(noToken.status).toBe(403);
    expect(noToken.body).toEqual({ response: null, error: 'client did not provide an OAuth token', error_description: '' });
    const byId = await proxy(demo.vehicles[CAR.chargingPaired]!.id, 'charge_stop');
    expect(byId.status).toBe(404);
    expect(byId.body).toEqual({ response: null, error: 'expected 17-character VIN in path (do not user Fleet API ID)', error_description: '' });
    expect((await get(sim, '/sim/counters')).body.total).toBe(0);
  });

  it('answers 500 "vehicle rejected request" when the app key is not paired, until it is', async () => {
    const car = vin(CAR.onlineUnpaired);
    const res = await proxy(car, 'charge_port_door_open');
    expect(res.status).toBe(500);
    expect(res.body).toEqual(NOT_PAIRED);

    await setCar(car, { keyPaired: true });
    const status = await call(sim, 'POST', '/api/1/vehicles/fleet_status', { token, body: { vins: [car] } });
    expect(status.body.response.key_paired_vins).toEqual([car]);
    expect((await proxy(car, 'charge_port_door_open')).body).toEqual(OK);
    expect((await chargeState(car)).charge_port_door_open).toBe(true);

    await setCar(car, { keyPaired: false });
    expect((await proxy(car, 'charge_port_door_close')).status).toBe(500);
  });

  it('answers 503 for asleep and offline cars', async () => {
    for (const car of [vin(CAR.asleepPaired), vin(CAR.offline)]) {
      const res = await proxy(car, 'charge_start');
      expect(res.status).toBe(503);
      expect(res.body).toEqual(UNAVAILABLE);
    }
  });

  it('passes other Fleet API paths through unchanged', async () => {
    const res = await call(sim, 'GET', `/proxy/api/1/vehicles/${vin(CAR.chargingPaired)}/vehicle_data`, { token });
    expect(res.status).toBe(200);
    expect(res.body.response.vin).toBe(vin(CAR.chargingPaired));
    expect((await call(sim, 'GET', '/proxy/api/1/products')).status).toBe(403);
  });

  it("falls back to REST for cars that predate the protocol, so their key need not be paired", async () => {
    expect((await proxy(vin(CAR.oldModelS), 'charge_start')).body).toEqual(OK);
  });
});

describe('unsigned REST commands', () => {
  it('are refused with 403 on cars that require the command protocol', async () => {
    const res = await rest(vin(CAR.chargingPaired), 'charge_stop');
    expect(res.status).toBe(403);
    expect(res.body).toEqual(PROTOCOL_REQUIRED);
    expect((await chargeState(vin(CAR.chargingPaired))).charging_state).toBe('Charging');
  });

  it('work on a pre-2021 Model S, with the bare refusal reasons of the REST API', async () => {
    const car = vin(CAR.oldModelS);
    expect((await chargeState(car)).charging_state).toBe('Stopped');
    expect((await rest(car, 'charge_stop')).body).toEqual(refused('not_charging'));
    expect((await rest(car, 'charge_start')).body).toEqual(OK);
    expect((await chargeState(car)).charging_state).toBe('Charging');
    expect((await rest(car, 'charge_start')).body).toEqual(refused('is_charging'));
    expect((await rest(car, 'charge_stop')).body).toEqual(OK);
    expect((await chargeState(car)).charging_state).toBe('Stopped');
  });

  it('answer 408 when the car is asleep', async () => {
    const car = vin(CAR.oldModelS);
    await setCar(car, { state: 'asleep' });
    const res = await rest(car, 'charge_start');
    expect(res.status).toBe(408);
    expect(res.body).toEqual(UNAVAILABLE);
  });

  it('answer 400 invalid_command for commands the sandbox does not know, and accept harmless ones', async () => {
    const car = vin(CAR.oldModelS);
    const res = await rest(car, 'launch_rocket');
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_command');
    expect((await rest(car, 'flash_lights')).body).toEqual(OK);
  });
});

describe('routing by fleet_status, not by command_signing (as Tesla)', () => {
  it('refuses REST with 403 protocol-required for a car whose list says "allowed" but fleet_status requires the protocol; the proxy works', async () => {
    const car = vin(CAR.signingAllowedButProtocolRequired);
    const products = (await get(sim, '/api/1/products', token)).body.response as { vin?: string; command_signing?: string }[];
    expect(products.find((p) => p.vin === car)?.command_signing).toBe('allowed');
    const status = await call(sim, 'POST', '/api/1/vehicles/fleet_status', { token, body: { vins: [car, vin(CAR.oldModelS)] } });
    expect(status.body.response.vehicle_info[car].vehicle_command_protocol_required).toBe(true);
    expect(status.body.response.vehicle_info[vin(CAR.oldModelS)].vehicle_command_protocol_required).toBe(false);

    const res = await rest(car, 'set_charge_limit', { percent: 75 });
    expect(res.status).toBe(403);
    expect(res.body).toEqual(PROTOCOL_REQUIRED);
    expect((await proxy(car, 'set_charge_limit', { percent: 75 })).body).toEqual(OK);
    expect((await chargeState(car)).charge_limit_soc).toBe(75);
  });
});

describe('a car with Allow Mobile Access off', () => {
  const MOBILE_ACCESS_DISABLED = { response: null, error: 'mobile_access_disabled', error_description: '' };

  it('answers 401 mobile_access_disabled to commands on both transports and to wake_up, while the token works elsewhere', async () => {
    const car = vin(CAR.mobileAccessOff);
    for (const res of [await rest(car, 'charge_start'), await proxy(car, 'charge_start'), await call(sim, 'POST', `/api/1/vehicles/${car}/wake_up`, { token })]) {
      expect(res.status).toBe(401);
      expect(res.body).toEqual(MOBILE_ACCESS_DISABLED);
    }
    // Account-level reads and other cars are unaffected.
    expect((await get(sim, '/api/1/vehicles', token)).status).toBe(200);
    const status = await call(sim, 'POST', '/api/1/vehicles/fleet_status', { token, body: { vins: [car] } });
    expect(status.body.response.key_paired_vins).toEqual([car]);
    expect((await proxy(vin(CAR.chargingPaired), 'flash_lights')).body).toEqual(OK);
  });
});

describe('charging commands change vehicle_data', () => {
  it('charge_stop and charge_start', async () => {
    const car = vin(CAR.chargingPaired);
    expect((await proxy(car, 'charge_start')).body).toEqual(refused('car could not execute command: is_charging'));
    expect((await proxy(car, 'charge_stop')).body).toEqual(OK);
    let state = await chargeState(car);
    expect(state.charging_state).toBe('Stopped');
    expect(state.charger_power).toBe(0);
    expect((await proxy(car, 'charge_stop')).body).toEqual(refused('car could not execute command: not_charging'));

    const level = state.battery_level as number;
    expect((await proxy(car, 'charge_start')).body).toEqual(OK);
    await advance(sim, 600);
    state = await chargeState(car);
    expect(state.charging_state).toBe('Charging');
    expect(state.charger_power).toBeGreaterThan(0);
    expect(state.battery_level).toBeGreaterThan(level);
  });

  it('the wall connector of the home site follows the car', async () => {
    const car = vin(CAR.chargingPaired);
    const site = demo.energySiteIds[0]!;
    const wallConnector = async () => (await get(sim, `/api/1/energy_sites/${site}/live_status`, token)).body.response.wall_connectors[0];
    expect((await wallConnector()).wall_connector_power).toBeGreaterThan(0);
    await proxy(car, 'charge_stop');
    expect((await wallConnector()).wall_connector_power).toBe(0);
    await proxy(car, 'charge_start');
    await advance(sim, 60);
    expect((await wallConnector()).wall_connector_power).toBeGreaterThan(0);
  });

  it('set_charge_limit', async () => {
    const car = vin(CAR.chargingPaired);
    expect((await proxy(car, 'set_charge_limit', { percent: 75 })).body).toEqual(OK);
    expect((await chargeState(car)).charge_limit_soc).toBe(75);
    // The limit it already has: result false, "already_set" (prefixed by the proxy, bare over REST).
    expect((await proxy(car, 'set_charge_limit', { percent: 75 })).body).toEqual(refused('car could not execute command: already_set'));
    const old = vin(CAR.oldModelS);
    const oldLimit = (await chargeState(old)).charge_limit_soc as number;
    expect((await rest(old, 'set_charge_limit', { percent: oldLimit })).body).toEqual(refused('already_set'));
    for (const percent of [49, 101, '80', undefined]) {
      expect((await proxy(car, 'set_charge_limit', { percent })).body).toEqual(refused('invalid charge limit'));
    }
    expect((await chargeState(car)).charge_limit_soc).toBe(75);
  });

  it('set_charging_amps changes power but keeps the energy added so far', async () => {
    const car = vin(CAR.chargingPaired);
    await advance(sim, 300);
    const before = await chargeState(car);
    expect(before.charging_state).toBe('Charging');
    expect((await proxy(car, 'set_charging_amps', { charging_amps: 16 })).body).toEqual(OK);
    const after = await chargeState(car);
    expect(after.charge_amps).toBe(16);
    expect(after.charger_actual_current).toBe(16);
    expect(after.charger_power).toBeLessThan(before.charger_power);
    expect(after.charge_energy_added).toBe(before.charge_energy_added);
    expect(after.minutes_to_full_charge).toBeGreaterThan(before.minutes_to_full_charge);
    for (const charging_amps of [0, before.charge_current_request_max + 1, 'max']) {
      expect((await proxy(car, 'set_charging_amps', { charging_amps })).body).toEqual(refused('invalid charging amps'));
    }
  });

  it('refuses charge_start at the limit ("complete") and when unplugged ("disconnected")', async () => {
    const complete = vin(CAR.completePaired);
    expect((await chargeState(complete)).charging_state).toBe('Complete');
    expect((await proxy(complete, 'charge_start')).body).toEqual(refused('car could not execute command: complete'));
    // Raising the limit of a plugged-in car resumes charging.
    expect((await proxy(complete, 'set_charge_limit', { percent: 100 })).body).toEqual(OK);
    expect((await chargeState(complete)).charging_state).toBe('Charging');

    const unplugged = vin(CAR.unpluggedPaired);
    expect((await proxy(unplugged, 'charge_start')).body).toEqual(refused('car could not execute command: disconnected'));
    expect((await chargeState(unplugged)).charging_state).toBe('Disconnected');
  });

  it('opens and closes the charge port door of an unplugged car', async () => {
    const car = vin(CAR.unpluggedPaired);
    expect((await chargeState(car)).charge_port_door_open).toBe(false);
    expect((await proxy(car, 'charge_port_door_open')).body).toEqual(OK);
    expect((await chargeState(car)).charge_port_door_open).toBe(true);
    expect((await proxy(car, 'charge_port_door_close')).body).toEqual(OK);
    expect((await chargeState(car)).charge_port_door_open).toBe(false);
    expect((await proxy(vin(CAR.chargingPaired), 'charge_port_door_close')).body.response.result).toBe(false);
  });
});

describe('scopes, counters, faults', () => {
  it('charging commands need vehicle_charging_cmds, others and wake_up need vehicle_cmds', async () => {
    const cmdsOnly = (await mintToken(sim, 'demo', { scopes: ['openid', 'vehicle_device_data', 'vehicle_cmds'] })).access_token;
    const chargingOnly = (await mintToken(sim, 'demo', { scopes: ['openid', 'vehicle_device_data', 'vehicle_charging_cmds'] })).access_token;
    const car = vin(CAR.chargingPaired);
    const denied = await proxy(car, 'charge_stop', {}, cmdsOnly);
    expect(denied.status).toBe(403);
    expect(denied.body.error).toBe('Unauthorized missing scopes');
    expect((await proxy(car, 'flash_lights', {}, cmdsOnly)).status).toBe(200);
    expect((await proxy(car, 'charge_stop', {}, chargingOnly)).status).toBe(200);
    expect((await proxy(car, 'honk_horn', {}, chargingOnly)).status).toBe(403);
    expect((await call(sim, 'POST', `/api/1/vehicles/${car}/wake_up`, { token: chargingOnly })).status).toBe(403);
  });

  it('counts commands as command:<name> per VIN on both transports, and wakes as wake_up', async () => {
    const car = vin(CAR.chargingPaired);
    await call(sim, 'POST', '/sim/counters/reset');
    await proxy(car, 'charge_stop');
    await proxy(car, 'charge_start');
    await rest(car, 'charge_start');
    await call(sim, 'POST', `/api/1/vehicles/${demo.vehicles[CAR.asleepPaired]!.id}/wake_up`, { token });
    const counters = (await get(sim, '/sim/counters')).body;
    expect(counters.byEndpoint).toMatchObject({ 'command:charge_stop': 1, 'command:charge_start': 2, wake_up: 1 });
    expect(counters.byEndpointAndDevice[`command:charge_start:${car}`]).toBe(2);
    expect(counters.byEndpointAndDevice[`wake_up:${vin(CAR.asleepPaired)}`]).toBe(1);
  });

  it('can be faulted by command:<name>', async () => {
    const car = vin(CAR.chargingPaired);
    await call(sim, 'POST', '/sim/faults', { body: { endpoint: 'command:charge_stop', deviceId: car, status: 504, count: 1 } });
    expect((await proxy(car, 'charge_stop')).status).toBe(504);
    expect((await proxy(car, 'charge_stop')).body).toEqual(OK);
  });
});

describe('wake_up', () => {
  it('answers with the current state, then the car comes online after the delay', async () => {
    const car = vin(CAR.asleepPaired);
    const res = await call(sim, 'POST', `/api/1/vehicles/${car}/wake_up`, { token });
    expect(res.status).toBe(200);
    expect(res.body.response).toMatchObject({ vin: car, state: 'asleep' });
    expect((await get(sim, `/api/1/vehicles/${car}/vehicle_data`, token)).status).toBe(408);
    expect((await get(sim, `/sim/vehicles/${car}`)).body.wakePending).toBe(true);

    await sleep(1300);
    expect((await get(sim, `/api/1/vehicles/${car}`, token)).body.response.state).toBe('online');
    expect((await get(sim, `/api/1/vehicles/${car}/vehicle_data`, token)).status).toBe(200);
    expect((await proxy(car, 'charge_port_door_open')).body).toEqual(OK);
  });

  it('never wakes an offline car', async () => {
    const car = vin(CAR.offline);
    expect((await call(sim, 'POST', `/api/1/vehicles/${car}/wake_up`, { token })).body.response.state).toBe('offline');
    await sleep(1300);
    expect((await get(sim, `/api/1/vehicles/${car}`, token)).body.response.state).toBe('offline');
  });

  it('is cancelled by an admin state change', async () => {
    const car = vin(CAR.asleepPaired);
    await call(sim, 'POST', `/api/1/vehicles/${car}/wake_up`, { token });
    await setCar(car, { state: 'asleep' });
    await sleep(1300);
    expect((await get(sim, `/api/1/vehicles/${car}`, token)).body.response.state).toBe('asleep');
  });

  it('is limited to 3 a minute per car', async () => {
    const car = vin(CAR.offlineUnpaired);
    for (let i = 0; i < 3; i++) expect((await call(sim, 'POST', `/api/1/vehicles/${car}/wake_up`, { token })).status).toBe(200);
    const res = await call(sim, 'POST', `/api/1/vehicles/${car}/wake_up`, { token });
    expect(res.status).toBe(429);
    expect(res.headers.get('ratelimit-limit')).toBe('3');
    expect((await call(sim, 'POST', `/api/1/vehicles/${vin(CAR.offline)}/wake_up`, { token })).status).toBe(200);
  });
});

describe('command rate limit', () => {
  let limited: RunningSimulator;
  beforeAll(async () => {
    limited = await boot({ rateLimits: { commandsPerMinute: 2 } });
  });
  afterAll(() => limited.close());

  it('allows commandsPerMinute per car across both transports, separately from data reads', async () => {
    const t = (await mintToken(limited)).access_token;
    const cars = (await accounts(limited)).demo!.vehicles;
    const car = cars[CAR.chargingPaired]!.vin;
    const other = cars[CAR.completePaired]!.vin;
    const send = (prefix: string, target: string) => call(limited, 'POST', `${prefix}/api/1/vehicles/${target}/command/flash_lights`, { token: t, body: {} });
    expect((await send('/proxy', car)).status).toBe(200);
    expect((await send('', car)).status).toBe(403); // protocol required, still counted against the budget
    const res = await send('/proxy', car);
    expect(res.status).toBe(429);
    expect(res.headers.get('ratelimit-limit')).toBe('2');
    expect((await send('/proxy', other)).status).toBe(200);
    expect((await get(limited, `/api/1/vehicles/${car}/vehicle_data`, t)).status).toBe(200);
  });
});
