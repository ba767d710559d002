import DataLoader from 'dataloader';
import type { RowCaches } from '../cache/row-caches.js';
import { perRowLoader } from '../graphql/per-row-loader.js';
import { connectionOf, type ConnectionLoaders } from '../connections/connection-loaders.js';
import type { PowerwallRow, SiteRow, WallConnectorRow } from '../db/tables.js';
import type { SiteInfo } from '../tesla/responses.js';
import type { RequestDeadline } from '../upstream/request-deadline.js';
import type { SiteLiveStatus } from './site-mapping.js';
import type { SiteService } from './site-service.js';

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/**
 * Another source of live status for some sites (Powerhub, for sites linked to it): for each site,
 * its status (or the Error of its read), or null when the site is not one of its sites.
 */
export interface LinkedLiveStatusSource {
  liveStatuses(sites: readonly SiteRow[]): Promise<(SiteLiveStatus | Error | null)[]>;
}

/** Sites per batch of the live-status loader: Powerhub reads at most 500 sites per call. */
const LIVE_STATUS_BATCH = 500;

/**
 * Per-request loaders: the database ones batch by id; the upstream ones dedupe per site within the
 * request and go through the service's shared cache across requests. Errors are per key, so one
 * failing site does not fail the others. `liveStatus` reads a site linked to `linked` (Powerhub)
 * from it, every other site from the Fleet API (`fleetLiveStatus`).
 */
export function createSiteLoaders(
  sites: SiteService,
  connections: ConnectionLoaders,
  organizationId: string,
  linked: LinkedLiveStatusSource | null = null,
  /** The request's upstream deadline (none for subscription events). */
  deadline?: RequestDeadline,
  /** This instance's row cache: a site read in the last ROW_CACHE_TTL_S, served only to its organization. */
  rows?: RowCaches,
) {
  const fleetLiveStatus = perRowLoader<SiteRow, SiteLiveStatus>(async (site, signal) => sites.liveStatus(site, await connectionOf(connections, site), signal), deadline);
  const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));
  return {
    siteById: new DataLoader<string, SiteRow | null>(async (ids) => {
      const cache = rows?.active ? rows.sites : undefined;
      const byId = new Map<string, SiteRow>();
      const missing: string[] = [];
      for (const id of ids) {
        const cached = cache?.get(id);
        if (cached && cached.organization_id === organizationId) byId.set(id, cached);
        else missing.push(id);
      }
      if (missing.length) {
        for (const site of await sites.sitesByIds(organizationId, missing)) {
          byId.set(site.id, site);
          cache?.set(site.id, site);
        }
      }
      return ids.map((id) => byId.get(id) ?? null);
    }),
    powerwallsBySiteId: new DataLoader<string, PowerwallRow[]>(async (siteIds) => {
      const groups = groupBy(await sites.powerwallsBySiteIds(siteIds), (p) => p.site_id);
      return siteIds.map((id) => groups.get(id) ?? []);
    }),
    wallConnectorsBySiteId: new DataLoader<string, WallConnectorRow[]>(async (siteIds) => {
      const groups = groupBy(await sites.wallConnectorsBySiteIds(siteIds), (w) => w.site_id);
      return siteIds.map((id) => groups.get(id) ?? []);
    }),
    powerwallById: new DataLoader<string, PowerwallRow | null>(async (ids) => {
      const byId = new Map((await sites.powerwallsByIds(organizationId, ids)).map((p) => [p.id, p]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    wallConnectorById: new DataLoader<string, WallConnectorRow | null>(async (ids) => {
      const byId = new Map((await sites.wallConnectorsByIds(organizationId, ids)).map((w) => [w.id, w]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    fleetLiveStatus,
    liveStatus: linked
      ? new DataLoader<SiteRow, SiteLiveStatus, string>(
          async (rows) => {
            const linkedRead = linked.liveStatuses(rows);
            const other = await (deadline ? deadline.race(linkedRead) : linkedRead).catch((error: unknown) => rows.map(() => asError(error)));
            return Promise.all(rows.map((row, i) => other[i] ?? fleetLiveStatus.load(row).catch(asError)));
          },
          { cacheKeyFn: (row) => row.id, maxBatchSize: LIVE_STATUS_BATCH },
        )
      : fleetLiveStatus,
    siteInfo: perRowLoader<SiteRow, SiteInfo>(async (site, signal) => sites.siteInfo(site, await connectionOf(connections, site), signal), deadline),
  };
}

export type SiteLoaders = ReturnType<typeof createSiteLoaders>;
