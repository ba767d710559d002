import DataLoader from 'dataloader';
import type { TeslaConnectionRow } from '../db/tables.js';
import type { ConnectionService } from './connection-service.js';

export function createConnectionLoaders(connections: ConnectionService, organizationId: string) {
  return {
    connectionById: new DataLoader<string, TeslaConnectionRow | null>(async (ids) => {
      const rows = await connections.connectionsByIds(organizationId, ids);
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}

export type ConnectionLoaders = ReturnType<typeof createConnectionLoaders>;

/** Every site or vehicle row points at a connection of its own organization; a miss is a bug. */
export async function connectionOf(loaders: ConnectionLoaders, row: { connection_id: string }): Promise<TeslaConnectionRow> {
  const connection = await loaders.connectionById.load(row.connection_id);
  if (!connection) throw new Error(`connection ${row.connection_id} is missing`);
  return connection;
}
