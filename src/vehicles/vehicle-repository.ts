import type { Db } from '../db/database.js';
import type { VehicleRow } from '../db/tables.js';
import { isRowId } from '../db/row-id.js';
import { keyset, type KeysetOrder, type KeysetPage, type KeysetRow } from '../graphql/pagination.js';

export async function findVehiclesByIds(db: Db, organizationId: string, ids: readonly string[]): Promise<VehicleRow[]> {
  const valid = ids.filter(isRowId);
  if (valid.length === 0) return [];
  return db.selectFrom('vehicles').selectAll().where('organization_id', '=', organizationId).where('id', 'in', valid).execute();
}

export async function vehiclesByConnection(db: Db, connectionId: string): Promise<VehicleRow[]> {
  return db.selectFrom('vehicles').selectAll().where('connection_id', '=', connectionId).orderBy('vin').execute();
}

export interface VehicleFilter {
  connectionId?: string | null | undefined;
}

function filtered(db: Db, organizationId: string, filter: VehicleFilter) {
  let q = db.selectFrom('vehicles').where('organization_id', '=', organizationId);
  if (filter.connectionId != null) q = q.where('connection_id', '=', isRowId(filter.connectionId) ? filter.connectionId : '00000000-0000-0000-0000-000000000000');
  return q;
}

/** Vehicles by VIN (then id). */
export const VEHICLE_ORDER: KeysetOrder = { name: 'vehicles', columns: [{ ref: 'vin', type: 'text' }, { ref: 'id', type: 'uuid' }] };

export async function listVehicles(db: Db, organizationId: string, filter: VehicleFilter, page: KeysetPage): Promise<(VehicleRow & KeysetRow)[]> {
  return keyset(filtered(db, organizationId, filter).selectAll(), VEHICLE_ORDER, page).execute();
}

export async function countVehicles(db: Db, organizationId: string, filter: VehicleFilter): Promise<number> {
  const row = await filtered(db, organizationId, filter).select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function saveDiscoveredVehicle(
  db: Db,
  organizationId: string,
  connectionId: string,
  vehicle: { teslaVehicleId: string; vin: string; displayName: string | null; commandSigning: string | null },
): Promise<void> {
  const values = {
    organization_id: organizationId,
    connection_id: connectionId,
    tesla_vehicle_id: vehicle.teslaVehicleId,
    vin: vehicle.vin,
    display_name: vehicle.displayName,
    command_signing: vehicle.commandSigning,
  };
  await db
    .insertInto('vehicles')
    .values(values)
    .onConflict((oc) => oc.columns(['organization_id', 'vin']).doUpdateSet({ ...values, updated_at: new Date() }))
    .execute();
}

/** Remembers that Tesla refused this car's REST commands for protocol: its commands go signed from now on. */
export async function markRestCommandsRefused(db: Db, vehicleId: string): Promise<void> {
  await db.updateTable('vehicles').set({ rest_commands_refused_at: new Date(), updated_at: new Date() }).where('id', '=', vehicleId).where('rest_commands_refused_at', 'is', null).execute();
}
