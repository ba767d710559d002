import DataLoader from 'dataloader';
import { connectionOf, type ConnectionLoaders } from '../connections/connection-loaders.js';
import type { VehicleRow } from '../db/tables.js';
import type { ChargeState, KeyPairing, VehicleService, VehicleState } from './vehicle-service.js';

export function createVehicleLoaders(vehicles: VehicleService, connections: ConnectionLoaders, organizationId: string) {
  const upstream = <T>(read: (vehicle: VehicleRow) => Promise<T>) =>
    new DataLoader<VehicleRow, T, string>((rows) => Promise.all(rows.map((v) => read(v).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))))), {
      cacheKeyFn: (v) => v.id,
    });
  return {
    vehicleById: new DataLoader<string, VehicleRow | null>(async (ids) => {
      const byId = new Map((await vehicles.vehiclesByIds(organizationId, ids)).map((v) => [v.id, v]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    vehicleState: upstream<VehicleState>(async (v) => vehicles.state(v, await connectionOf(connections, v))),
    chargeState: upstream<ChargeState>(async (v) => vehicles.chargeState(v, await connectionOf(connections, v))),
    keyPairing: upstream<KeyPairing>(async (v) => vehicles.keyPairing(v, await connectionOf(connections, v))),
  };
}

export type VehicleLoaders = ReturnType<typeof createVehicleLoaders>;
