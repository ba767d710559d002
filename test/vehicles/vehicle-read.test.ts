import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeByIdDocument, VehicleByIdDocument, VehiclesOverviewDocument, type VehicleDetailsFragment } from '../../schema/generated/graphql.js';
import { above32Bits, SUMMER_AFTERNOON } from '../helpers/fixtures.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

type Raw = Record<string, any>;

describe('reading vehicles from the simulated fleet', () => {
  let stack: TestStack;
  let org: Awaited<ReturnType<TestStack['demoOrganization']>>;
  let vehicles: VehicleDetailsFragment[];
  let errors: unknown;
  let rawList: Raw[];

  beforeAll(async () => {
    stack = await startTestStack({ simulator: { speed: 0, startTime: SUMMER_AFTERNOON } });
    org = await stack.demoOrganization();
    await stack.sim.resetCounters();
    const result = await stack.execute(VehiclesOverviewDocument, { first: 100 }, org.apiKey);
    errors = result.errors;
    vehicles = result.data!.vehicles.edges.map((e) => e.node);
    rawList = (await stack.sim.fleet<{ response: Raw[] }>('/api/1/vehicles', org.accessToken)).json.response;
  });
  afterAll(() => stack?.close());

  it('lists every vehicle with exact 64-bit ids, without an error for sleeping cars', async () => {
    expect(errors).toBeUndefined();
    const account = await stack.sim.account('demo');
    expect(vehicles.length).toBeGreaterThanOrEqual(10);
    expect(vehicles.map((v) => v.vin).sort()).toEqual(account.vehicles.map((v) => v.vin).sort());
    for (const v of vehicles) {
      expect(above32Bits(v.teslaVehicleId)).toBe(true);
      expect(v.teslaVehicleId).toBe(account.vehicles.find((a) => a.vin === v.vin)!.id);
    }
  });

  it("maps Tesla's state, command signing and the pairing link", async () => {
    // command_signing is only in /products (the vehicles list lacks it).
    const products = (await stack.sim.fleet<{ response: Raw[] }>('/api/1/products', org.accessToken)).json.response;
    for (const v of vehicles) {
      const raw = rawList.find((r) => r['vin'] === v.vin)!;
      expect(v.state).toBe(String(raw['state']).toUpperCase());
      expect(v.commandSigning).toBe(String(products.find((p) => p['vin'] === v.vin)!['command_signing']).toUpperCase());
      // The registered domain: PUBLIC_URL's host without its port (the test gateway listens on one).
      expect(v.pairingUrl).toBe(`https://tesla.com/_ak/${new URL(stack.gateway.config.publicUrl).hostname}?vin=${v.vin}`);
      expect(new URL(stack.gateway.config.publicUrl).port).not.toBe('');
      expect(v.displayName).toBe(raw['display_name']);
    }
    expect(new Set(vehicles.map((v) => v.state))).toEqual(new Set(['ONLINE', 'ASLEEP', 'OFFLINE']));
  });

  it('reads charge state from awake cars only, and never wakes a sleeping one', async () => {
    const counters = await stack.sim.counters();
    for (const v of vehicles) {
      if (v.state === 'ONLINE') {
        const raw = (await stack.sim.fleet<{ response: Raw }>(`/api/1/vehicles/${v.vin}/vehicle_data?endpoints=charge_state`, org.accessToken)).json.response['charge_state'];
        expect(v.chargeState).toEqual({
          batteryLevel: raw['battery_level'],
          chargeLimitSoc: raw['charge_limit_soc'],
          chargingState: raw['charging_state'],
          chargerPowerKw: raw['charger_power'],
          chargeAmps: raw['charge_amps'],
        });
      } else {
        expect(v.chargeState).toBeNull();
        expect(counters.byEndpointAndDevice[`vehicle_data:${v.vin}`] ?? 0).toBe(0);
      }
    }
    expect(vehicles.some((v) => v.chargeState?.chargingState === 'Charging')).toBe(true);
  });

  it('reports virtual-key pairing from one fleet_status call for the whole account', async () => {
    const vins = vehicles.map((v) => v.vin);
    const status = await fetch(`${stack.simulator.url}/api/1/vehicles/fleet_status`, {
      method: 'POST',
      headers: { authorization: `Bearer ${org.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ vins }),
    }).then((r) => r.json() as Promise<{ response: { key_paired_vins: string[]; unpaired_vins: string[] } }>);
    for (const v of vehicles) expect(v.keyPaired, v.vin).toBe(status.response.key_paired_vins.includes(v.vin));
    // commandProtocolRequired is Tesla's fleet_status value, from the same call (not command_signing).
    const info = (status.response as unknown as { vehicle_info: Record<string, { vehicle_command_protocol_required: boolean }> }).vehicle_info;
    for (const v of vehicles) expect(v.commandProtocolRequired, v.vin).toBe(info[v.vin]!.vehicle_command_protocol_required);
    expect(vehicles.some((v) => v.commandSigning === 'ALLOWED' && v.commandProtocolRequired === true)).toBe(true);
    expect(new Set(vehicles.map((v) => v.keyPaired))).toEqual(new Set([true, false]));
    const counters = await stack.sim.counters();
    expect(counters.byEndpoint['fleet_status']).toBe(2); // the gateway's one call, plus this test's
    expect(counters.byEndpoint['vehicles']).toBe(2); // the gateway's one call, plus beforeAll's
  });

  it('finds a vehicle by vehicle(id) and node(id)', async () => {
    const car = vehicles[0]!;
    const one = await stack.execute(VehicleByIdDocument, { id: car.id }, org.apiKey);
    expect(one.data!.vehicle!.vin).toBe(car.vin);
    const node = await stack.execute(NodeByIdDocument, { id: car.id }, org.apiKey);
    expect(node.data!.node).toMatchObject({ __typename: 'Vehicle', vin: car.vin });
  });
});
