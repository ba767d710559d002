import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SetChargeLimitDocument,
  StartVehicleChargingDocument,
  StopVehicleChargingDocument,
  VehicleByIdDocument,
} from '../../schema/generated/graphql.js';
import { DEMO_VEHICLE_CASES } from '../../src/simulator/fleet/demo-fleet.js';
import { settledCommand } from '../helpers/settled-command.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

/**
 * Issue 10, items 2–4, through the real gateway over HTTP against the simulator:
 * - benign `result: false` refusals (is_charging, complete, not_charging, already_set) end SUCCEEDED;
 * - a car with Mobile Access off is that car's problem (DEVICE_UNAVAILABLE), not the account's;
 * - vehicle commands are routed by fleet_status's vehicle_command_protocol_required, not by the
 *   list's command_signing, and a REST 403 "protocol required" is resent once through the proxy.
 */

type Org = Awaited<ReturnType<TestStack['demoOrganization']>>;
const PROTOCOL_REQUIRED =
  'Tesla Vehicle Command Protocol required, please refer to the documentation here: https://developer.tesla.com/docs/fleet-api#2023-10-09-rest-api-vehicle-commands-endpoint-deprecation-warning';

/** Index-pinned cars of the demo fleet (src/simulator/fleet/demo-fleet.ts). */
const CAR = {
  chargingPaired: 0,
  chargingPaired2: 1,
  oldModelS: 2, // command_signing allowed, protocol not required: REST; plugged in, not charging
  completePaired: 7,
  unpluggedPaired: 10,
  signingAllowedButProtocolRequired: DEMO_VEHICLE_CASES.signingAllowedButProtocolRequired,
  mobileAccessOff: DEMO_VEHICLE_CASES.mobileAccessOff,
} as const;

describe('vehicle command outcomes and routing (issue 10)', () => {
  let stack: TestStack;
  let org: Org;
  let vins: string[];
  let gids: Map<string, string>;

  beforeAll(async () => {
    stack = await startTestStack({
      simulator: { wakeDelaySeconds: 1 },
      env: { COMMAND_POLL_INTERVAL_S: '0.5', VEHICLE_WAKE_TIMEOUT_S: '4', UPSTREAM_CACHE_TTL_S: '1' },
    });
    org = await stack.demoOrganization();
    vins = (await stack.sim.account('demo')).vehicles.map((v) => v.vin);
    const list = await stack.execute(`query { vehicles(first: 100) { edges { node { id vin } } } }`, {}, org.apiKey);
    const edges = (list.data as { vehicles: { edges: { node: { id: string; vin: string } }[] } }).vehicles.edges;
    gids = new Map(edges.map((e) => [e.node.vin, e.node.id]));
  });
  afterAll(() => stack?.close());

  const vin = (index: number) => vins[index]!;
  const gid = (index: number) => gids.get(vin(index))!;
  const settled = (id: string, timeoutMs?: number) => settledCommand(stack, org.apiKey, id, timeoutMs);
  const connectionRow = async () => (await stack.gateway.services.connections.findConnection(org.organizationId, org.connectionId))!;

  describe('item 4: benign refusals are success', () => {
    it('charge_start on a charging car (proxy: "car could not execute command: is_charging") ends SUCCEEDED with Tesla\'s words', async () => {
      expect((await stack.sim.vehicle(vin(CAR.chargingPaired))).charging.chargingState).toBe('Charging');
      const result = await stack.execute(StartVehicleChargingDocument, { input: { vehicleId: gid(CAR.chargingPaired) } }, org.apiKey);
      const done = await settled(result.data!.startVehicleCharging.command.id);
      expect(done).toMatchObject({ status: 'SUCCEEDED', reason: 'car could not execute command: is_charging' });
      expect((await stack.sim.vehicle(vin(CAR.chargingPaired))).charging.chargingState).toBe('Charging');
    });

    it('charge_start on a car whose charge is complete (proxy: "car could not execute command: complete") ends SUCCEEDED with Tesla\'s words', async () => {
      const before = await stack.sim.vehicle(vin(CAR.completePaired));
      expect(before.charging.chargingState).toBe('Complete');
      expect(before.pluggedIn).toBe(true);
      await stack.sim.resetCounters();
      const result = await stack.execute(StartVehicleChargingDocument, { input: { vehicleId: gid(CAR.completePaired) } }, org.apiKey);
      const done = await settled(result.data!.startVehicleCharging.command.id);
      // Charged to its limit: there is nothing more to ask of the car, so the desired state holds. Tesla's
      // words as the proxy relays them (wimaha/TeslaBleHttpProxy#60) and as REST gave them,
      // `{"result":false,"reason":"complete"}` (fredli74/smartcharge-dev#285).
      expect(done).toMatchObject({ status: 'SUCCEEDED', reason: 'car could not execute command: complete', attempts: 1 });
      // Sent once, refused by the car, not resent as if it had failed.
      expect((await stack.sim.counters()).byEndpointAndDevice[`command:charge_start:${vin(CAR.completePaired)}`]).toBe(1);
      expect((await stack.sim.vehicle(vin(CAR.completePaired))).charging.chargingState).toBe('Complete');
    });

    it('charge_stop on a car that is not charging (REST: bare "not_charging") ends SUCCEEDED', async () => {
      expect((await stack.sim.vehicle(vin(CAR.oldModelS))).charging.chargingState).not.toBe('Charging');
      const result = await stack.execute(StopVehicleChargingDocument, { input: { vehicleId: gid(CAR.oldModelS) } }, org.apiKey);
      const done = await settled(result.data!.stopVehicleCharging.command.id);
      expect(done).toMatchObject({ status: 'SUCCEEDED', reason: 'not_charging' });
    });

    it('set_charge_limit to the limit the car already has ("already_set") ends SUCCEEDED', async () => {
      const { chargeLimitSoc } = await stack.sim.vehicle(vin(CAR.completePaired));
      const result = await stack.execute(SetChargeLimitDocument, { input: { vehicleId: gid(CAR.completePaired), percent: chargeLimitSoc } }, org.apiKey);
      const done = await settled(result.data!.setChargeLimit.command.id);
      expect(done).toMatchObject({ status: 'SUCCEEDED', reason: 'car could not execute command: already_set' });
      expect((await stack.sim.vehicle(vin(CAR.completePaired))).chargeLimitSoc).toBe(chargeLimitSoc);
    });

    it('a refusal that leaves the desired state unmet still ends FAILED in Tesla\'s words', async () => {
      const result = await stack.execute(StartVehicleChargingDocument, { input: { vehicleId: gid(CAR.unpluggedPaired) } }, org.apiKey);
      const done = await settled(result.data!.startVehicleCharging.command.id);
      expect(done).toMatchObject({ status: 'FAILED', reason: 'car could not execute command: disconnected' });
    });
  });

  describe("item 3: one car's refusal is not the account's", () => {
    it('a command to a car with Mobile Access off ends FAILED with the reason; tokens and the account are untouched; other cars keep working', async () => {
      const before = await connectionRow();
      const result = await stack.execute(StartVehicleChargingDocument, { input: { vehicleId: gid(CAR.mobileAccessOff) } }, org.apiKey);
      const done = await settled(result.data!.startVehicleCharging.command.id);
      expect(done.status).toBe('FAILED');
      expect(done.reason).toContain('mobile_access_disabled');
      expect(done.reason).toContain('Turn on Mobile Access in the car (Controls > Safety > Allow Mobile Access)');
      const after = await connectionRow();
      expect(after.status).toBe('ACTIVE');
      // No refresh: the same access token, never rotated because of one car.
      expect(after.access_token_ciphertext).toBe(before.access_token_ciphertext);
      expect(after.last_refreshed_at).toEqual(before.last_refreshed_at);

      const other = await stack.execute(StopVehicleChargingDocument, { input: { vehicleId: gid(CAR.chargingPaired2) } }, org.apiKey);
      expect((await settled(other.data!.stopVehicleCharging.command.id)).status).toBe('SUCCEEDED');
      const site = await stack.firstBatterySite(org.apiKey);
      expect(site.energySiteId).toBeTruthy();
    });

    it('a data read the car refuses (401 mobile_access_disabled) is DEVICE_UNAVAILABLE with the remedy, and the account stays ACTIVE', async () => {
      // Car 13 (Mobile Access off) answers vehicle_data so too, but it is asleep and a read does not wake
      // it: an awake car gets Tesla's answer injected here.
      const target = vin(CAR.unpluggedPaired);
      await stack.sim.addFault({ endpoint: 'vehicle_data', deviceId: target, status: 401, error: 'mobile_access_disabled' });
      try {
        const before = await connectionRow();
        const read = await stack.execute(VehicleByIdDocument, { id: gid(CAR.unpluggedPaired) }, org.apiKey);
        const error = read.errors?.find((e) => (e.path as string[] | undefined)?.includes('chargeState'));
        expect(error?.extensions).toMatchObject({ code: 'DEVICE_UNAVAILABLE', remediation: 'Turn on Mobile Access in the car (Controls > Safety > Allow Mobile Access)' });
        expect(read.data!.vehicle!.vin).toBe(target);
        const after = await connectionRow();
        expect(after.status).toBe('ACTIVE');
        expect(after.access_token_ciphertext).toBe(before.access_token_ciphertext);
        // Every other car of the account still reads.
        const other = await stack.execute(VehicleByIdDocument, { id: gid(CAR.chargingPaired) }, org.apiKey);
        expect(other.errors).toBeUndefined();
        expect(other.data!.vehicle!.chargeState?.chargingState).toBeTruthy();
      } finally {
        await stack.sim.clearFaults();
      }
    });

    it("a 401 only one car's reads answer (token refreshed and still refused there) is that car's DEVICE_UNAVAILABLE, not the account's re-auth, and is not refreshed again", async () => {
      const target = vin(CAR.unpluggedPaired);
      // Body-less or generic 401s happen too (tesla-fleet-api.md): only the car's path refuses the token.
      await stack.sim.addFault({ endpoint: 'vehicle_data', deviceId: target, status: 401, error: 'unauthorized' });
      try {
        const read = await stack.execute(VehicleByIdDocument, { id: gid(CAR.unpluggedPaired) }, org.apiKey);
        const error = read.errors?.find((e) => (e.path as string[] | undefined)?.includes('chargeState'));
        expect(error?.extensions).toMatchObject({ code: 'DEVICE_UNAVAILABLE', upstreamStatus: 401 });
        const afterFirst = await connectionRow();
        expect(afterFirst.status).toBe('ACTIVE');
        // Every other car of the account still reads with the same account.
        const other = await stack.execute(VehicleByIdDocument, { id: gid(CAR.chargingPaired) }, org.apiKey);
        expect(other.errors).toBeUndefined();
        // The token was proven good for the account: the car's next refusal costs no refresh.
        await new Promise((resolve) => setTimeout(resolve, 1100)); // past UPSTREAM_CACHE_TTL_S
        const again = await stack.execute(VehicleByIdDocument, { id: gid(CAR.unpluggedPaired) }, org.apiKey);
        expect(again.errors?.find((e) => (e.path as string[] | undefined)?.includes('chargeState'))?.extensions).toMatchObject({ code: 'DEVICE_UNAVAILABLE' });
        const afterSecond = await connectionRow();
        expect(afterSecond.status).toBe('ACTIVE');
        expect(afterSecond.access_token_ciphertext).toBe(afterFirst.access_token_ciphertext);
      } finally {
        await stack.sim.clearFaults();
      }
    });
  });

  describe('item 2: signed commands routed by what Tesla says', () => {
    it('sends through the signing proxy a car whose list shows command_signing "allowed" but whose fleet_status requires the protocol', async () => {
      const index = CAR.signingAllowedButProtocolRequired;
      const vehicle = (await stack.execute(VehicleByIdDocument, { id: gid(index) }, org.apiKey)).data!.vehicle!;
      expect(vehicle).toMatchObject({ commandSigning: 'ALLOWED', commandProtocolRequired: true });
      const { chargeLimitSoc } = await stack.sim.vehicle(vin(index));
      const percent = chargeLimitSoc === 75 ? 76 : 75;
      await stack.sim.resetCounters();
      const result = await stack.execute(SetChargeLimitDocument, { input: { vehicleId: gid(index), percent } }, org.apiKey);
      const done = await settled(result.data!.setChargeLimit.command.id);
      expect(done).toMatchObject({ status: 'SUCCEEDED', reason: null, attempts: 1 });
      expect((await stack.sim.vehicle(vin(index))).chargeLimitSoc).toBe(percent);
      // Straight to the proxy: one arrival in all, not a REST 403 first and the proxy's resend after it.
      expect((await stack.sim.counters()).byEndpointAndDevice[`command:set_charge_limit:${vin(index)}`]).toBe(1);
    });

    it('still sends REST to a car Tesla says needs no protocol, and after a 403 "protocol required" resends once through the proxy and remembers it', async () => {
      const index = CAR.oldModelS;
      const before = (await stack.execute(VehicleByIdDocument, { id: gid(index) }, org.apiKey)).data!.vehicle!;
      expect(before).toMatchObject({ commandSigning: 'ALLOWED', commandProtocolRequired: false });
      // Tesla's backend refuses the REST command once (fleet_status lags, tesla-fleet-api §10.9).
      await stack.sim.addFault({ endpoint: 'command:set_charge_limit', deviceId: vin(index), status: 403, error: PROTOCOL_REQUIRED, count: 1 });
      await stack.sim.resetCounters();
      try {
        const result = await stack.execute(SetChargeLimitDocument, { input: { vehicleId: gid(index), percent: 60 } }, org.apiKey);
        const done = await settled(result.data!.setChargeLimit.command.id);
        expect(done).toMatchObject({ status: 'SUCCEEDED', attempts: 1 });
        expect((await stack.sim.vehicle(vin(index))).chargeLimitSoc).toBe(60);
        // Once refused over REST (the fault), once accepted through the proxy.
        expect((await stack.sim.counters()).byEndpointAndDevice[`command:set_charge_limit:${vin(index)}`]).toBe(2);
      } finally {
        await stack.sim.clearFaults();
      }
      const after = (await stack.execute(VehicleByIdDocument, { id: gid(index) }, org.apiKey)).data!.vehicle!;
      expect(after).toMatchObject({ commandSigning: 'ALLOWED', commandProtocolRequired: true });
      // Remembered: the next command goes straight to the proxy (a REST 403 now would fail it).
      await stack.sim.addFault({ endpoint: 'command:set_charge_limit', deviceId: vin(index), status: 403, error: PROTOCOL_REQUIRED, count: 1 });
      try {
        const again = await stack.execute(SetChargeLimitDocument, { input: { vehicleId: gid(index), percent: 65 } }, org.apiKey);
        const done = await settled(again.data!.setChargeLimit.command.id);
        expect(done.status).toBe('FAILED'); // the proxy's request met the injected 403: it was sent signed, not REST
      } finally {
        await stack.sim.clearFaults();
      }
    });
  });
});
