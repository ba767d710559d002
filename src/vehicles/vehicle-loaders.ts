import DataLoader from 'dataloader';
import { perRowLoader } from '../graphql/per-row-loader.js';
import { connectionOf, type ConnectionLoaders } from '../connections/connection-loaders.js';
import type { VehicleRow } from '../db/tables.js';
import type { RequestDeadline } from '../upstream/request-deadline.js';
import type { ChargeState, KeyPairing, VehicleService, VehicleState } from './vehicle-service.js';

/** `deadline`: the request's upstream deadline (none for subscription events). */
export function createVehicleLoaders(vehicles: VehicleService, connections: ConnectionLoaders, organizationId: string, deadline?: RequestDeadline) {
  return {
    vehicleById: new DataLoader<string, VehicleRow | null>(async (ids) => {
      const byId = new Map((await vehicles.vehiclesByIds(organizationId, ids)).map((v) => [v.id, v]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    vehicleState: perRowLoader<VehicleRow, VehicleState>(async (v, signal) => vehicles.state(v, await connectionOf(connections, v), signal), deadline),
    chargeState: perRowLoader<VehicleRow, ChargeState>(async (v, signal) => vehicles.chargeState(v, await connectionOf(connections, v), signal), deadline),
    keyPairing: perRowLoader<VehicleRow, KeyPairing>(async (v, signal) => vehicles.keyPairing(v, await connectionOf(connections, v), signal), deadline),
  };
}

export type VehicleLoaders = ReturnType<typeof createVehicleLoaders>;
