import type { SharedCache } from '../bus/shared-cache.js';
import type { ConnectionService } from '../connections/connection-service.js';
import type { Db } from '../db/database.js';
import type { PowerwallRow, SiteRow, TeslaConnectionRow, WallConnectorRow } from '../db/tables.js';
import type { Metrics } from '../observability/metrics.js';
import { READ_SCOPES } from '../tesla/scopes.js';
import type { FleetApiClient } from '../tesla/fleet-api-client.js';
import type { SiteInfo } from '../tesla/responses.js';
import { toSiteLiveStatus, type SiteLiveStatus } from './site-mapping.js';
import * as repo from './site-repository.js';
import type { KeysetPage, KeysetRow } from '../graphql/pagination.js';

export type Page = KeysetPage;

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

  /** A site with the Tesla connection it is read through, or null when either is gone. */
  siteWithConnection(organizationId: string, siteId: string): Promise<{ site: SiteRow; connection: TeslaConnectionRow } | null> {
    return repo.findSiteWithConnection(this.db, organizationId, siteId);
  }

  /** By name (then id); Z first when `descending`. */
  listSites(organizationId: string, filter: repo.SiteFilter, page: Page, descending = false): Promise<(SiteRow & KeysetRow)[]> {
    return repo.listSites(this.db, organizationId, filter, page, descending ? repo.SITE_ORDER_DESC : repo.SITE_ORDER);
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
  async liveStatus(site: SiteRow, connection: TeslaConnectionRow, signal?: AbortSignal): Promise<SiteLiveStatus> {
    return toSiteLiveStatus(await this.shared('live_status', site, connection, (c) => c.liveStatus(site.energy_site_id), { signal }), site.has_battery);
  }

  /** live_status straight from Tesla (a dispatch watching the battery respond), refreshing the cache. */
  async refreshLiveStatus(site: SiteRow, connection: TeslaConnectionRow): Promise<SiteLiveStatus> {
    return toSiteLiveStatus(await this.shared('live_status', site, connection, (c) => c.liveStatus(site.energy_site_id), { fresh: true }), site.has_battery);
  }

  siteInfo(site: SiteRow, connection: TeslaConnectionRow, signal?: AbortSignal): Promise<SiteInfo> {
    return this.shared('site_info', site, connection, (c) => c.siteInfo(site.energy_site_id), { signal });
  }

  /** site_info straight from Tesla, replacing the shared cache entry (after a settings change). */
  refreshSiteInfo(site: SiteRow, connection: TeslaConnectionRow): Promise<SiteInfo> {
    return this.shared('site_info', site, connection, (c) => c.siteInfo(site.energy_site_id), { fresh: true });
  }

  /** Tesla's `calendar_history?kind=energy` for one window (not cached: callers store what they fetch). */
  calendarHistory(site: SiteRow, connection: TeslaConnectionRow, window: { startDate: string; endDate: string; timeZone: string }) {
    return this.connections.read(connection, READ_SCOPES.energy, (c) => c.calendarHistory(site.energy_site_id, { kind: 'energy', period: 'day', ...window }));
  }

  /**
   * One read of a site through the shared cache; `fresh` drops the cached value first. `signal` (a
   * request's deadline) ends this caller's wait; the read stops only when no caller waits for it.
   */
  private async shared<T>(
    endpoint: 'live_status' | 'site_info',
    site: SiteRow,
    connection: TeslaConnectionRow,
    read: (client: FleetApiClient) => Promise<T>,
    options: { fresh?: boolean; signal?: AbortSignal | undefined } = {},
  ): Promise<T> {
    this.connections.assertUsable(connection, READ_SCOPES.energy);
    const key = `${endpoint}:${connection.id}:${site.energy_site_id}`;
    if (options.fresh) return this.cache.refresh(key, this.freshnessMs, () => this.connections.read(connection, READ_SCOPES.energy, read));
    return this.cache.getOrFetch(
      key,
      this.freshnessMs,
      (abandoned) => this.connections.read(connection, READ_SCOPES.energy, read, { signal: abandoned }),
      () => this.metrics.upstreamCacheHits.inc({ endpoint }),
      { signal: options.signal },
    );
  }
}
