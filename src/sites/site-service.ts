import type { SharedCache } from '../bus/shared-cache.js';
import type { ConnectionService } from '../connections/connection-service.js';
import type { Db } from '../db/database.js';
import type { PowerwallRow, SiteRow, TeslaConnectionRow, WallConnectorRow } from '../db/tables.js';
import type { Metrics } from '../observability/metrics.js';
import { READ_SCOPES } from '../tesla/scopes.js';
import type { SiteInfo } from '../tesla/responses.js';
import { toSiteLiveStatus, type SiteLiveStatus } from './site-mapping.js';
import * as repo from './site-repository.js';

export interface Page {
  limit: number;
  offset: number;
}

/** Reads of energy sites: stored inventory from the database, live state from Tesla via the shared cache. */
export class SiteService {
  constructor(
    private readonly db: Db,
    private readonly connections: ConnectionService,
    private readonly cache: SharedCache,
    private readonly freshnessMs: number,
    private readonly metrics: Metrics,
  ) {}

  sitesByIds(organizationId: string, ids: readonly string[]): Promise<SiteRow[]> {
    return repo.findSitesByIds(this.db, organizationId, ids);
  }

  listSites(organizationId: string, filter: repo.SiteFilter, page: Page): Promise<SiteRow[]> {
    return repo.listSites(this.db, organizationId, filter, page);
  }

  countSites(organizationId: string, filter: repo.SiteFilter): Promise<number> {
    return repo.countSites(this.db, organizationId, filter);
  }

  powerwallsBySiteIds(siteIds: readonly string[]): Promise<PowerwallRow[]> {
    return repo.powerwallsBySiteIds(this.db, siteIds);
  }

  wallConnectorsBySiteIds(siteIds: readonly string[]): Promise<WallConnectorRow[]> {
    return repo.wallConnectorsBySiteIds(this.db, siteIds);
  }

  powerwallsByIds(organizationId: string, ids: readonly string[]): Promise<PowerwallRow[]> {
    return repo.findPowerwallsByIds(this.db, organizationId, ids);
  }

  wallConnectorsByIds(organizationId: string, ids: readonly string[]): Promise<WallConnectorRow[]> {
    return repo.findWallConnectorsByIds(this.db, organizationId, ids);
  }

  /** Tesla's live_status, one upstream call per site per freshness window across all callers. */
  async liveStatus(site: SiteRow, connection: TeslaConnectionRow): Promise<SiteLiveStatus> {
    this.connections.assertUsable(connection, READ_SCOPES.energy);
    const raw = await this.cache.getOrFetch(
      `live_status:${connection.id}:${site.energy_site_id}`,
      this.freshnessMs,
      () => this.connections.read(connection, READ_SCOPES.energy, (c) => c.liveStatus(site.energy_site_id)),
      () => this.metrics.upstreamCacheHits.inc({ endpoint: 'live_status' }),
    );
    return toSiteLiveStatus(raw, site.has_battery);
  }

  /** site_info straight from Tesla, replacing the shared cache entry (after a settings change). */
  async refreshSiteInfo(site: SiteRow, connection: TeslaConnectionRow): Promise<SiteInfo> {
    const key = `site_info:${connection.id}:${site.energy_site_id}`;
    await this.cache.invalidate(key);
    return this.cache.getOrFetch(key, this.freshnessMs, () => this.connections.read(connection, READ_SCOPES.energy, (c) => c.siteInfo(site.energy_site_id)));
  }

  /** live_status straight from Tesla (a dispatch watching the battery respond), refreshing the cache. */
  async refreshLiveStatus(site: SiteRow, connection: TeslaConnectionRow): Promise<SiteLiveStatus> {
    const key = `live_status:${connection.id}:${site.energy_site_id}`;
    await this.cache.invalidate(key);
    const raw = await this.cache.getOrFetch(key, this.freshnessMs, () => this.connections.read(connection, READ_SCOPES.energy, (c) => c.liveStatus(site.energy_site_id)));
    return toSiteLiveStatus(raw, site.has_battery);
  }

  async siteInfo(site: SiteRow, connection: TeslaConnectionRow): Promise<SiteInfo> {
    this.connections.assertUsable(connection, READ_SCOPES.energy);
    return this.cache.getOrFetch(
      `site_info:${connection.id}:${site.energy_site_id}`,
      this.freshnessMs,
      () => this.connections.read(connection, READ_SCOPES.energy, (c) => c.siteInfo(site.energy_site_id)),
      () => this.metrics.upstreamCacheHits.inc({ endpoint: 'site_info' }),
    );
  }
}
