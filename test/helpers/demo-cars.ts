import { DEMO_VEHICLE_CASES } from '../../src/simulator/fleet/demo-fleet.js';
import type { SimulatorVehicle } from './simulator-admin.js';
import type { TestStack } from './test-stack.js';

export type DemoCar = SimulatorVehicle & { gid: string };

/**
 * The demo fleet's ordinary cars as the simulator sees them, each with its gateway global ID. The
 * special cars (Mobile Access off, "allowed" but protocol required, …) have their own tests.
 */
export async function ordinaryDemoCars(stack: TestStack, apiKey: string): Promise<DemoCar[]> {
  const list = await stack.execute(`query { vehicles(first: 100) { edges { node { id vin } } } }`, {}, apiKey);
  const edges = (list.data as { vehicles: { edges: { node: { id: string; vin: string } }[] } }).vehicles.edges;
  const demo = (await stack.sim.account('demo')).vehicles;
  const special = new Set(Object.values(DEMO_VEHICLE_CASES).map((index) => demo[index]!.vin));
  const ordinary = edges.filter((e) => !special.has(e.node.vin));
  return Promise.all(ordinary.map(async (e) => ({ ...(await stack.sim.vehicle(e.node.vin)), gid: e.node.id })));
}
