import type { Db } from '../db/database.js';
import { isRowId } from '../db/row-id.js';
import type { PowerwallRow, SiteRow, TeslaConnectionRow, WallConnectorRow } from '../db/tables.js';
import { keyset, type KeysetOrder, type KeysetPage, type KeysetRow } from '../graphql/pagination.js';

export interface SiteFilter {
  hasBattery?: boolean | null | undefined;
  hasSolar?: boolean | null | undefined;
  connectionId?: string | null | undefined;
  /** Case-insensitive substring of the site name. */
  nameContains?: string | null | undefined;
}


export async function findSitesByIds(db: Db, organizationId: string, ids: readonly string[]): Promise<SiteRow[]> {
  const valid = ids.filter(isRowId);
  if (valid.length === 0) return [];
  return db.selectFrom('sites').selectAll().where('organization_id', '=', organizationId).where('id', 'in', valid).execute();
}

function filtered(db: Db, organizationId: string, filter: SiteFilter) {
  let q = db.selectFrom('sites').where('organization_id', '=', organizationId);
  if (filter.hasBattery != null) q = q.where('has_battery', '=', filter.hasBattery);
  if (filter.hasSolar != null) q = q.where('has_solar', '=', filter.hasSolar);
  if (filter.connectionId != null) q = q.where('connection_id', '=', isRowId(filter.connectionId) ? filter.connectionId : '00000000-0000-0000-0000-000000000000');
  if (filter.nameContains) q = q.where('name', 'ilike', `%${filter.nameContains.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  return q;
}

/**
 * A site and its Tesla connection in one round trip (background work runs this for every step of a
 * fleet dispatch). The connection's columns come prefixed `c_` and are put back into its own row.
 */
export async function findSiteWithConnection(db: Db, organizationId: string, siteId: string): Promise<{ site: SiteRow; connection: TeslaConnectionRow } | null> {
  if (!isRowId(siteId)) return null;
  const row = await db
    .selectFrom('sites')
    .innerJoin('tesla_connections as c', 'c.id', 'sites.connection_id')
    .selectAll('sites')
    .select([
      'c.id as c_id',
      'c.organization_id as c_organization_id',
      'c.tesla_user_id as c_tesla_user_id',
      'c.region as c_region',
      'c.fleet_api_base_url as c_fleet_api_base_url',
      'c.status as c_status',
      'c.granted_scopes as c_granted_scopes',
      'c.access_token_ciphertext as c_access_token_ciphertext',
      'c.refresh_token_ciphertext as c_refresh_token_ciphertext',
      'c.encryption_key_id as c_encryption_key_id',
      'c.access_token_expires_at as c_access_token_expires_at',
      'c.last_refreshed_at as c_last_refreshed_at',
      'c.created_at as c_created_at',
      'c.updated_at as c_updated_at',
    ])
    .where('sites.organization_id', '=', organizationId)
    .where('sites.id', '=', siteId)
    .where('c.organization_id', '=', organizationId)
    .executeTakeFirst();
  if (!row) return null;
  const { c_id, c_organization_id, c_tesla_user_id, c_region, c_fleet_api_base_url, c_status, c_granted_scopes, c_access_token_ciphertext, c_refresh_token_ciphertext, c_encryption_key_id, c_access_token_expires_at, c_last_refreshed_at, c_created_at, c_updated_at, ...site } = row;
  const connection: TeslaConnectionRow = {
    id: c_id,
    organization_id: c_organization_id,
    tesla_user_id: c_tesla_user_id,
    region: c_region,
    fleet_api_base_url: c_fleet_api_base_url,
    status: c_status,
    granted_scopes: c_granted_scopes,
    access_token_ciphertext: c_access_token_ciphertext,
    refresh_token_ciphertext: c_refresh_token_ciphertext,
    encryption_key_id: c_encryption_key_id,
    access_token_expires_at: c_access_token_expires_at,
    last_refreshed_at: c_last_refreshed_at,
    created_at: c_created_at,
    updated_at: c_updated_at,
  };
  return { site, connection };
}

/** Sites by name (then id). */
export const SITE_ORDER: KeysetOrder = { name: 'sites', columns: [{ ref: 'name', type: 'text' }, { ref: 'id', type: 'uuid' }] };
/** Sites by name (then id), Z first: SITE_ORDER reversed, in the database's own collation. */
export const SITE_ORDER_DESC: KeysetOrder = { name: 'sites-desc', columns: [{ ref: 'name', type: 'text', desc: true }, { ref: 'id', type: 'uuid', desc: true }] };

export async function listSites(db: Db, organizationId: string, filter: SiteFilter, page: KeysetPage, order: KeysetOrder = SITE_ORDER): Promise<(SiteRow & KeysetRow)[]> {
  return keyset(filtered(db, organizationId, filter).selectAll(), order, page).execute();
}

export async function countSites(db: Db, organizationId: string, filter: SiteFilter): Promise<number> {
  const row = await filtered(db, organizationId, filter).select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function powerwallsBySiteIds(db: Db, siteIds: readonly string[]): Promise<PowerwallRow[]> {
  if (siteIds.length === 0) return [];
  return db.selectFrom('powerwalls').selectAll().where('site_id', 'in', [...siteIds]).orderBy('din').execute();
}

export async function wallConnectorsBySiteIds(db: Db, siteIds: readonly string[]): Promise<WallConnectorRow[]> {
  if (siteIds.length === 0) return [];
  return db.selectFrom('wall_connectors').selectAll().where('site_id', 'in', [...siteIds]).orderBy('din').execute();
}

export async function findPowerwallsByIds(db: Db, organizationId: string, ids: readonly string[]): Promise<PowerwallRow[]> {
  const valid = ids.filter(isRowId);
  if (valid.length === 0) return [];
  return db.selectFrom('powerwalls').selectAll().where('organization_id', '=', organizationId).where('id', 'in', valid).execute();
}

export async function findWallConnectorsByIds(db: Db, organizationId: string, ids: readonly string[]): Promise<WallConnectorRow[]> {
  const valid = ids.filter(isRowId);
  if (valid.length === 0) return [];
  return db.selectFrom('wall_connectors').selectAll().where('organization_id', '=', organizationId).where('id', 'in', valid).execute();
}

export interface DiscoveredSite {
  /** True when Tesla's site_info was read; false when only the product listing is known. */
  detailed: boolean;
  energySiteId: string;
  name: string;
  timeZone: string | null;
  hasBattery: boolean;
  hasSolar: boolean;
  hasGrid: boolean;
  batteryCount: number;
  nameplatePowerW: number | null;
  nameplateEnergyWh: number | null;
  powerwalls: { din: string; serialNumber: string | null; partName: string | null; nameplateEnergyWh: number | null; nameplatePowerW: number | null }[];
  wallConnectors: { din: string; deviceId: string | null; partName: string | null; isActive: boolean }[];
}

/** Writes what discovery found, in one transaction per site; devices no longer listed are removed. */
export async function saveDiscoveredSite(db: Db, organizationId: string, connectionId: string, site: DiscoveredSite): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const now = new Date();
    const values = {
      organization_id: organizationId,
      connection_id: connectionId,
      energy_site_id: site.energySiteId,
      name: site.name,
      time_zone: site.timeZone,
      has_battery: site.hasBattery,
      has_solar: site.hasSolar,
      has_grid: site.hasGrid,
      battery_count: site.batteryCount,
      nameplate_power_w: site.nameplatePowerW,
      nameplate_energy_wh: site.nameplateEnergyWh,
    };
    const existing = await trx.selectFrom('sites').select('id').where('organization_id', '=', organizationId).where('energy_site_id', '=', site.energySiteId).executeTakeFirst();
    // From the product listing alone (no site_info: scope missing or the call failed) only the basics
    // are refreshed; what an earlier detailed discovery stored is kept.
    const update = site.detailed
      ? values
      : { connection_id: connectionId, has_battery: site.hasBattery, has_solar: site.hasSolar, has_grid: site.hasGrid };
    const { id } = await trx
      .insertInto('sites')
      .values(values)
      .onConflict((oc) => oc.columns(['organization_id', 'energy_site_id']).doUpdateSet({ ...update, updated_at: now }))
      .returning('id')
      .executeTakeFirstOrThrow();
    if (existing && !site.detailed) return id;

    const dins = site.powerwalls.map((p) => p.din);
    let deletePowerwalls = trx.deleteFrom('powerwalls').where('site_id', '=', id);
    if (dins.length) deletePowerwalls = deletePowerwalls.where('din', 'not in', dins);
    await deletePowerwalls.execute();
    for (const p of site.powerwalls) {
      const row = { organization_id: organizationId, site_id: id, din: p.din, serial_number: p.serialNumber, part_name: p.partName, nameplate_energy_wh: p.nameplateEnergyWh, nameplate_power_w: p.nameplatePowerW };
      await trx.insertInto('powerwalls').values(row).onConflict((oc) => oc.columns(['site_id', 'din']).doUpdateSet(row)).execute();
    }

    const wcDins = site.wallConnectors.map((w) => w.din);
    let deleteWallConnectors = trx.deleteFrom('wall_connectors').where('site_id', '=', id);
    if (wcDins.length) deleteWallConnectors = deleteWallConnectors.where('din', 'not in', wcDins);
    await deleteWallConnectors.execute();
    for (const w of site.wallConnectors) {
      const row = { organization_id: organizationId, site_id: id, din: w.din, device_id: w.deviceId, part_name: w.partName, is_active: w.isActive };
      await trx.insertInto('wall_connectors').values(row).onConflict((oc) => oc.columns(['site_id', 'din']).doUpdateSet(row)).execute();
    }
    return id;
  });
}
