import DataLoader from 'dataloader';
import { perRowLoader } from '../graphql/per-row-loader.js';
import { connectionOf, type ConnectionLoaders } from '../connections/connection-loaders.js';
import type { PowerwallRow, SiteRow, WallConnectorRow } from '../db/tables.js';
import type { SiteInfo } from '../tesla/responses.js';
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
 * Per-request loaders: the database ones batch by id; the upstream ones dedupe per site within the
 * request and go through the service's shared cache across requests. Errors are per key, so one
 * failing site does not fail the others.
 */
export function createSiteLoaders(sites: SiteService, connections: ConnectionLoaders, organizationId: string) {
  return {
    siteById: new DataLoader<string, SiteRow | null>(async (ids) => {
      const byId = new Map((await sites.sitesByIds(organizationId, ids)).map((s) => [s.id, s]));
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
    liveStatus: perRowLoader<SiteRow, SiteLiveStatus>(async (site) => sites.liveStatus(site, await connectionOf(connections, site))),
    siteInfo: perRowLoader<SiteRow, SiteInfo>(async (site) => sites.siteInfo(site, await connectionOf(connections, site))),
  };
}

export type SiteLoaders = ReturnType<typeof createSiteLoaders>;
