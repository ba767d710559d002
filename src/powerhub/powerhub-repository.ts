import type { Db } from '../db/database.js';
import { isRowId } from '../db/row-id.js';
import type { PowerhubAccountRow, PowerhubSiteRow } from '../db/tables.js';
import type { PowerhubSite } from './powerhub-api.js';

/** Powerhub accounts and the sites they manage (DESIGN §11); the secret arrives here sealed. */

export async function findAccount(db: Db, organizationId: string): Promise<PowerhubAccountRow | undefined> {
  return db.selectFrom('powerhub_accounts').selectAll().where('organization_id', '=', organizationId).executeTakeFirst();
}

export async function findAccountById(db: Db, organizationId: string, id: string): Promise<PowerhubAccountRow | undefined> {
  if (!isRowId(id)) return undefined;
  return db.selectFrom('powerhub_accounts').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
}

export interface StoredCredentials {
  baseUrl: string;
  clientId: string;
  clientSecretCiphertext: string;
  keyId: string;
}

/**
 * Replaces the organization's credentials and its Powerhub sites (call it inside a transaction):
 * each site is linked to the organization's `sites` row whose energy_site_id is the same text, the
 * others are stored unlinked. Returns the account with its counts.
 */
export async function replaceAccount(trx: Db, organizationId: string, credentials: StoredCredentials, sites: readonly PowerhubSite[]): Promise<PowerhubAccountRow> {
  const energySiteIds = [...new Set(sites.flatMap((s) => (s.energySiteId === null ? [] : [s.energySiteId])))];
  const ours = new Map<string, string>();
  for (let i = 0; i < energySiteIds.length; i += 5000) {
    const rows = await trx
      .selectFrom('sites')
      .select(['id', 'energy_site_id'])
      .where('organization_id', '=', organizationId)
      .where('energy_site_id', 'in', energySiteIds.slice(i, i + 5000))
      .execute();
    for (const row of rows) ours.set(row.energy_site_id, row.id);
  }
  // A Powerhub listing naming one energy_site_id twice links only the first.
  const taken = new Set<string>();
  const seen = new Set<string>();
  const rows = [];
  for (const site of sites) {
    if (seen.has(site.siteId)) continue;
    seen.add(site.siteId);
    let siteId = site.energySiteId === null ? null : (ours.get(site.energySiteId) ?? null);
    if (siteId !== null && taken.has(siteId)) siteId = null;
    if (siteId !== null) taken.add(siteId);
    rows.push({
      organization_id: organizationId,
      powerhub_site_id: site.siteId,
      site_id: siteId,
      energy_site_id: site.energySiteId,
      group_ids: site.groupIds,
      nameplate_power_kw: site.nameplatePowerKw,
      nameplate_energy_kwh: site.nameplateEnergyKwh,
    });
  }
  await trx.deleteFrom('powerhub_sites').where('organization_id', '=', organizationId).execute();
  // Chunked: Postgres allows at most 65 535 bind parameters per statement.
  for (let i = 0; i < rows.length; i += 2000) await trx.insertInto('powerhub_sites').values(rows.slice(i, i + 2000)).execute();

  const now = new Date();
  const values = {
    organization_id: organizationId,
    base_url: credentials.baseUrl,
    client_id: credentials.clientId,
    client_secret_ciphertext: credentials.clientSecretCiphertext,
    encryption_key_id: credentials.keyId,
    status: 'ACTIVE' as const,
    site_count: rows.length,
    unlinked_site_count: rows.filter((r) => r.site_id === null).length,
    linked_at: now,
  };
  return trx
    .insertInto('powerhub_accounts')
    .values(values)
    .onConflict((oc) => oc.column('organization_id').doUpdateSet({ ...values, updated_at: now }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The Powerhub sites linked to these sites of the organization. */
export async function linkedSitesBySiteIds(db: Db, organizationId: string, siteIds: readonly string[]): Promise<PowerhubSiteRow[]> {
  const valid = [...new Set(siteIds.filter(isRowId))];
  if (valid.length === 0) return [];
  const found: PowerhubSiteRow[] = [];
  for (let i = 0; i < valid.length; i += 5000) {
    found.push(
      ...(await db
        .selectFrom('powerhub_sites')
        .selectAll()
        .where('organization_id', '=', organizationId)
        .where('site_id', 'in', valid.slice(i, i + 5000))
        .execute()),
    );
  }
  return found;
}
