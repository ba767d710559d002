import type { Db } from '../db/database.js';
import { isRowId } from '../db/row-id.js';
import type { ConnectionStatus, TeslaConnectionRow } from '../db/tables.js';

export async function findConnection(db: Db, organizationId: string, id: string): Promise<TeslaConnectionRow | undefined> {
  if (!isRowId(id)) return undefined;
  return db.selectFrom('tesla_connections').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
}

export async function findConnectionsByIds(db: Db, organizationId: string, ids: readonly string[]): Promise<TeslaConnectionRow[]> {
  const valid = ids.filter(isRowId);
  if (valid.length === 0) return [];
  return db.selectFrom('tesla_connections').selectAll().where('organization_id', '=', organizationId).where('id', 'in', valid).execute();
}

export async function listConnections(db: Db, organizationId: string): Promise<TeslaConnectionRow[]> {
  return db.selectFrom('tesla_connections').selectAll().where('organization_id', '=', organizationId).orderBy('created_at').execute();
}

/** Which of the given connections have energy sites and which have vehicles recorded (two grouped reads). */
export async function deviceKindsOfConnections(db: Db, organizationId: string, ids: readonly string[]): Promise<{ withSites: Set<string>; withVehicles: Set<string> }> {
  const valid = ids.filter(isRowId);
  if (valid.length === 0) return { withSites: new Set(), withVehicles: new Set() };
  const [sites, vehicles] = await Promise.all([
    db.selectFrom('sites').select('connection_id').distinct().where('organization_id', '=', organizationId).where('connection_id', 'in', valid).execute(),
    db.selectFrom('vehicles').select('connection_id').distinct().where('organization_id', '=', organizationId).where('connection_id', 'in', valid).execute(),
  ]);
  return { withSites: new Set(sites.map((r) => r.connection_id)), withVehicles: new Set(vehicles.map((r) => r.connection_id)) };
}

export interface ConnectionTokens {
  accessTokenCiphertext: string;
  refreshTokenCiphertext: string | null;
  keyId: string;
  expiresAt: Date | null;
  grantedScopes: string[];
}

/** One connection per Tesla account and organization: re-importing replaces its tokens. */
export async function upsertConnection(
  db: Db,
  values: { organizationId: string; teslaUserId: string; region: string; fleetApiBaseUrl: string } & ConnectionTokens,
): Promise<TeslaConnectionRow> {
  const now = new Date();
  const row = {
    organization_id: values.organizationId,
    tesla_user_id: values.teslaUserId,
    region: values.region,
    fleet_api_base_url: values.fleetApiBaseUrl,
    status: 'ACTIVE' as const,
    granted_scopes: values.grantedScopes,
    access_token_ciphertext: values.accessTokenCiphertext,
    refresh_token_ciphertext: values.refreshTokenCiphertext,
    encryption_key_id: values.keyId,
    access_token_expires_at: values.expiresAt,
    last_refreshed_at: now,
  };
  return db
    .insertInto('tesla_connections')
    .values(row)
    .onConflict((oc) => oc.columns(['organization_id', 'tesla_user_id']).doUpdateSet({ ...row, updated_at: now }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Internal lookup by id alone, for background work that already holds a trusted id. */
export async function findConnectionById(db: Db, id: string): Promise<TeslaConnectionRow | undefined> {
  if (!isRowId(id)) return undefined;
  return db.selectFrom('tesla_connections').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Stores a rotated token pair, but only if the refresh token is still the one that was spent: a
 * compare-and-set, so a late writer can never overwrite a newer pair with an older one.
 */
export async function storeRotatedTokens(db: Db, id: string, spentRefreshCiphertext: string, tokens: ConnectionTokens): Promise<boolean> {
  const result = await db
    .updateTable('tesla_connections')
    .set({
      access_token_ciphertext: tokens.accessTokenCiphertext,
      refresh_token_ciphertext: tokens.refreshTokenCiphertext,
      encryption_key_id: tokens.keyId,
      access_token_expires_at: tokens.expiresAt,
      granted_scopes: tokens.grantedScopes,
      last_refreshed_at: new Date(),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .where('refresh_token_ciphertext', '=', spentRefreshCiphertext)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function setConnectionStatus(db: Db, id: string, status: ConnectionStatus, options: { clearTokens?: boolean } = {}): Promise<TeslaConnectionRow | undefined> {
  return db
    .updateTable('tesla_connections')
    .set({
      status,
      updated_at: new Date(),
      ...(options.clearTokens ? { access_token_ciphertext: null, refresh_token_ciphertext: null, access_token_expires_at: null } : {}),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function updateConnectionRegion(db: Db, id: string, region: string, fleetApiBaseUrl: string): Promise<void> {
  await db.updateTable('tesla_connections').set({ region, fleet_api_base_url: fleetApiBaseUrl, updated_at: new Date() }).where('id', '=', id).execute();
}
