import type { Bus } from '../bus/bus.js';
import { CONNECTION_STATUS_CHANNEL } from '../connections/connection-events.js';
import type { PowerhubSiteRow, SiteRow, TeslaConnectionRow } from '../db/tables.js';
import type { KeysetRow } from '../graphql/pagination.js';
import { SITE_INVENTORY_CHANNEL } from '../sites/site-inventory-events.js';
import { TtlCache } from './ttl-cache.js';
import type { PowerhubService } from '../powerhub/powerhub-service.js';

/** Rows kept per kind and instance at most. */
const MAX_ROWS = 20_000;
/** Pages of site lists kept per instance at most (each up to 500 rows). */
const MAX_SITE_LIST_PAGES = 2_000;

/**
 * Rows that rarely change, kept per instance for `ROW_CACHE_TTL_S` so a warm request reads no
 * database: sites, Tesla connections, and each site's Powerhub link (or that it has none). Every
 * entry keeps its organization and is served only to that organization (callers check it).
 *
 * - A connection is dropped the moment its status changes on any instance (`connection-status` on
 *   the bus: NEEDS_REAUTH, REVOKED, a re-import), so calls needing it fail at once.
 * - Sites and pages of site lists are dropped when an account's inventory is discovered again
 *   (`site-inventory` on the bus, and at once on the instance that discovered it), so a new or
 *   renamed site is listed at once; Powerhub links (a new `connectPowerhub`) are seen within the
 *   TTL. Mutations and background work read the database, never these.
 */
export class RowCaches {
  readonly sites: TtlCache<SiteRow>;
  readonly connections: TtlCache<TeslaConnectionRow>;
  /** By `<organization id>:<site id>`; null: the site has no Powerhub link. */
  readonly powerhubLinks: TtlCache<PowerhubSiteRow | null>;
  /** Pages of `sites` lists, by organization, filter and page (a warm dashboard's list costs no query). */
  private readonly siteLists: TtlCache<readonly (SiteRow & KeysetRow)[]>;
  /** Counts inventory changes heard: a page read while one arrived may miss it, so it is not kept. */
  private inventoryGeneration = 0;
  /**
   * Counts connection status changes heard: a row read from the database while one arrived may be
   * older than the change, so it is not kept (see `keepConnection`).
   */
  private generation = 0;
  private listening: 'no' | 'starting' | 'yes' = 'no';

  constructor(
    private readonly bus: Bus,
    ttlMs: number,
  ) {
    this.sites = new TtlCache<SiteRow>(ttlMs, MAX_ROWS);
    this.connections = new TtlCache<TeslaConnectionRow>(ttlMs, MAX_ROWS);
    this.powerhubLinks = new TtlCache<PowerhubSiteRow | null>(ttlMs, MAX_ROWS);
    this.siteLists = new TtlCache<readonly (SiteRow & KeysetRow)[]>(ttlMs, MAX_SITE_LIST_PAGES);
    if (ttlMs <= 0) this.listening = 'starting';
  }

  /** True once connection status changes are heard (until then nothing is served from here). */
  get active(): boolean {
    if (this.listening === 'no') this.listen();
    return this.listening === 'yes';
  }

  /** Call before reading connections from the database; pass the result to `keepConnection`. */
  connectionsReadSince(): number {
    return this.generation;
  }

  keepConnection(row: TeslaConnectionRow, readSince: number): void {
    if (this.generation === readSince) this.connections.set(row.id, row);
  }

  /** A page of an organization's sites: kept, or read by `read` (the list query) and kept. */
  async siteList(organizationId: string, pageKey: string, read: () => Promise<(SiteRow & KeysetRow)[]>): Promise<readonly (SiteRow & KeysetRow)[]> {
    if (!this.active) return read();
    const key = `${organizationId}:${pageKey}`;
    const kept = this.siteLists.get(key);
    if (kept) return kept;
    const readSince = this.inventoryGeneration;
    const rows = await read();
    if (readSince === this.inventoryGeneration) this.siteLists.set(key, rows);
    return rows;
  }

  /** An inventory was discovered (sites added or changed): on this instance at once, before the bus says so. */
  inventoryChanged(): void {
    this.inventoryGeneration++;
    this.siteLists.clear();
    this.sites.clear();
  }

  private listen(): void {
    this.listening = 'starting';
    Promise.all([
      this.bus.subscribe(CONNECTION_STATUS_CHANNEL, (message) => {
        this.generation++;
        try {
          const { connectionId } = JSON.parse(message) as { connectionId?: unknown };
          if (typeof connectionId === 'string') this.connections.delete(connectionId);
        } catch {
          this.connections.clear();
        }
      }),
      // Rare (an import or a refresh): every kept page and site row goes, whichever organization.
      this.bus.subscribe(SITE_INVENTORY_CHANNEL, () => this.inventoryChanged()),
    ])
      .then(
        () => {
          this.listening = 'yes';
        },
        () => undefined,
      );
  }
}

/**
 * The Powerhub service with its site links (which sites are linked, which are not) read through the
 * row cache; everything else is the service itself.
 */
export function withCachedPowerhubLinks(powerhub: PowerhubService, rows: RowCaches): PowerhubService {
  const linksBySiteIds = async (organizationId: string, siteIds: readonly string[]): Promise<Map<string, PowerhubSiteRow>> => {
    if (!rows.active) return powerhub.linksBySiteIds(organizationId, siteIds);
    const found = new Map<string, PowerhubSiteRow>();
    const missing: string[] = [];
    for (const id of siteIds) {
      const cached = rows.powerhubLinks.get(`${organizationId}:${id}`);
      if (cached === undefined) missing.push(id);
      else if (cached) found.set(id, cached);
    }
    if (missing.length) {
      const links = await powerhub.linksBySiteIds(organizationId, missing);
      for (const id of missing) {
        const link = links.get(id) ?? null;
        rows.powerhubLinks.set(`${organizationId}:${id}`, link);
        if (link) found.set(id, link);
      }
    }
    return found;
  };
  return Object.create(powerhub, { linksBySiteIds: { value: linksBySiteIds } }) as PowerhubService;
}
