import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StartVehicleChargingDocument, StopVehicleChargingDocument, WakeVehicleDocument } from '../../schema/generated/graphql.js';
import type { SimulatorVehicle } from '../helpers/simulator-admin.js';
import { ordinaryDemoCars, type DemoCar } from '../helpers/demo-cars.js';
import { settledCommand } from '../helpers/settled-command.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

type Org = Awaited<ReturnType<TestStack['demoOrganization']>>;

/**
 * Cost-aware vehicle commands (issue 10, item 7): Tesla bills every call under HTTP 500 and a car
 * allows 60 data calls a minute, so a waking car is polled with backoff, and a command that got no
 * clear answer is read back before it is ever sent again.
 */
describe('vehicle commands that cost Tesla little', () => {
  let stack: TestStack;
  let org: Org;
  let cars: DemoCar[];

  beforeAll(async () => {
    stack = await startTestStack({
      env: { COMMAND_POLL_INTERVAL_S: '0.5', VEHICLE_WAKE_TIMEOUT_S: '40', UPSTREAM_CACHE_TTL_S: '1', UPSTREAM_TIMEOUT_MS: '2000' },
    });
    org = await stack.demoOrganization();
    cars = await ordinaryDemoCars(stack, org.apiKey);
  });
  afterAll(() => stack?.close());

  const settled = (id: string, timeoutMs?: number) => settledCommand(stack, org.apiKey, id, timeoutMs);
  const car = (predicate: (c: SimulatorVehicle) => boolean) => {
    const found = cars.find((c) => predicate(c));
    if (!found) throw new Error('no such car in the demo fleet');
    cars = cars.filter((c) => c !== found);
    return found;
  };

  it('polls a car that takes 12 s to wake with backoff: at most 5 state reads, not one a second', async () => {
    const target = car((c) => c.state !== 'offline');
    await stack.sim.setVehicle(target.vin, { state: 'asleep', wakeDelaySeconds: 12 });
    await stack.sim.resetCounters();
    const result = await stack.execute(WakeVehicleDocument, { input: { vehicleId: target.gid } }, org.apiKey);
    const done = await settled(result.data!.wakeVehicle.command.id, 45_000);
    expect(done.status).toBe('SUCCEEDED');
    const counters = await stack.sim.counters();
    expect(counters.byEndpointAndDevice[`wake_up:${target.vin}`]).toBe(1);
    const reads = counters.byEndpointAndDevice[`vehicle:${target.vin}`] ?? 0;
    // Backoff 3 s, 4.8 s, 7.7 s…: online at 12 s is seen on the 3rd read (one a second would take 12).
    expect(reads).toBeGreaterThanOrEqual(1);
    expect(reads).toBeLessThanOrEqual(5);
  }, 60_000);

  it('does not re-send a command that timed out when reading the car back shows it took', async () => {
    const target = car((c) => c.state === 'online' && c.pluggedIn && !['Charging', 'Complete', 'Starting'].includes(c.charging.chargingState));
    await stack.sim.setVehicle(target.vin, { keyPaired: true });
    await stack.sim.resetCounters();
    // The simulator holds the request 2.5 s (the gateway gives up after 2 s), then carries it out.
    await stack.sim.addFault({ endpoint: 'command:charge_start', deviceId: target.vin, latencyMs: 2500, count: 1 });
    const result = await stack.execute(StartVehicleChargingDocument, { input: { vehicleId: target.gid } }, org.apiKey);
    const done = await settled(result.data!.startVehicleCharging.command.id, 30_000);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.reason).toContain('read back');
    expect((await stack.sim.vehicle(target.vin)).charging.chargingState).toBe('Charging');
    const counters = await stack.sim.counters();
    expect(counters.byEndpointAndDevice[`command:charge_start:${target.vin}`]).toBe(1);
    expect(counters.byEndpointAndDevice[`vehicle_data:${target.vin}`]).toBeGreaterThanOrEqual(1);
  }, 40_000);

  it('sends it again only when reading the car back shows it did not take', async () => {
    const target = car((c) => c.state === 'online' && c.pluggedIn && c.charging.chargingState === 'Charging');
    await stack.sim.setVehicle(target.vin, { keyPaired: true });
    await stack.sim.resetCounters();
    // A 504 answered before the car saw anything: the read shows it still charging, so it is resent.
    await stack.sim.addFault({ endpoint: 'command:charge_stop', deviceId: target.vin, status: 504, count: 1 });
    const result = await stack.execute(StopVehicleChargingDocument, { input: { vehicleId: target.gid } }, org.apiKey);
    const done = await settled(result.data!.stopVehicleCharging.command.id, 30_000);
    expect(done.status).toBe('SUCCEEDED');
    expect((await stack.sim.vehicle(target.vin)).charging.chargingState).toBe('Stopped');
    const counters = await stack.sim.counters();
    expect(counters.byEndpointAndDevice[`command:charge_stop:${target.vin}`]).toBe(2);
    expect(counters.byEndpointAndDevice[`vehicle_data:${target.vin}`]).toBeGreaterThanOrEqual(1);
  }, 40_000);
});
