import DataLoader from 'dataloader';
import { perRowLoader } from '../graphql/per-row-loader.js';
import { connectionOf, type ConnectionLoaders } from '../connections/connection-loaders.js';
import type { VehicleRow } from '../db/tables.js';
import type { ChargeState, KeyPairing, VehicleService, VehicleState } from './vehicle-service.js';

export function createVehicleLoaders(vehicles: VehicleService, connections: ConnectionLoaders, organizationId: string) {
  return {
    vehicleById: new DataLoader<string, VehicleRow | null>(async (ids) => {
      const byId = new Map((await vehicles.vehiclesByIds(organizationId, ids)).map((v) => [v.id, v]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    vehicleState: perRowLoader<VehicleRow, VehicleState>(async (v) => vehicles.state(v, await connectionOf(connections, v))),
    chargeState: perRowLoader<VehicleRow, ChargeState>(async (v) => vehicles.chargeState(v, await connectionOf(connections, v))),
    keyPairing: perRowLoader<VehicleRow, KeyPairing>(async (v) => vehicles.keyPairing(v, await connectionOf(connections, v))),
  };
}

export type VehicleLoaders = ReturnType<typeof createVehicleLoaders>;
