import DataLoader from 'dataloader';
import type { RowCaches } from '../cache/row-caches.js';
import type { TeslaConnectionRow } from '../db/tables.js';
import type { AccountDevices } from './account-scopes.js';
import type { ConnectionService } from './connection-service.js';

/**
 * `rows`: this instance's row cache (a connection read in the last ROW_CACHE_TTL_S, dropped at once
 * when its status changes anywhere); a cached row is served only to its own organization.
 */
export function createConnectionLoaders(connections: ConnectionService, organizationId: string, rows?: RowCaches) {
  return {
    connectionById: new DataLoader<string, TeslaConnectionRow | null>(async (ids) => {
      const cache = rows?.active ? rows : undefined;
      const byId = new Map<string, TeslaConnectionRow>();
      const missing: string[] = [];
      for (const id of ids) {
        const cached = cache?.connections.get(id);
        if (cached && cached.organization_id === organizationId) byId.set(id, cached);
        else missing.push(id);
      }
      if (missing.length) {
        const readSince = cache?.connectionsReadSince() ?? 0;
        for (const row of await connections.connectionsByIds(organizationId, missing)) {
          byId.set(row.id, row);
          cache?.keepConnection(row, readSince);
        }
      }
      return ids.map((id) => byId.get(id) ?? null);
    }),
    /** What kinds of device each connection has (one pair of grouped reads for every account in the request). */
    devicesByConnection: new DataLoader<string, AccountDevices>(async (ids) => {
      const { withSites, withVehicles } = await connections.deviceKinds(organizationId, ids);
      return ids.map((id) => ({ hasSites: withSites.has(id), hasVehicles: withVehicles.has(id) }));
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
