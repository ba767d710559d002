import pLimit from 'p-limit';
import type { ConnectionService } from '../connections/connection-service.js';
import type { SiteService } from '../sites/site-service.js';

/** How long a site's backup reserve is trusted before site_info is read again. */
const RESERVE_TTL_MS = 5 * 60_000;
/** A failed read is tried again sooner. */
const FAILED_RETRY_MS = 60_000;
/** site_info reads in flight at once for fleet figures, per instance. */
const CONCURRENCY = 8;

/**
 * Each site's backup reserve (the share of the battery kept for outages), for fleet figures such as
 * energy above reserve. Read from site_info through the shared upstream cache (so a dispatch that
 * just changed a reserve is seen at once) and then kept for five minutes in this instance: fleet
 * subscriptions cost Tesla one site_info call per site per five minutes, not per event.
 */
export class SiteReserves {
  private readonly known = new Map<string, { percent: number | null; readAt: number; ok: boolean }>();
  private readonly loading = new Map<string, Promise<void>>();
  private readonly limit = pLimit(CONCURRENCY);

  constructor(
    private readonly sites: SiteService,
    private readonly connections: ConnectionService,
  ) {}

  /**
   * The reserves known for these sites (in percent), after waiting at most `waitMs` for the ones
   * not known yet or out of date; the rest keep loading in the background.
   */
  async reservesOf(organizationId: string, siteIds: readonly string[], waitMs = 1500): Promise<Map<string, number>> {
    const now = Date.now();
    const due = siteIds.filter((id) => {
      const entry = this.known.get(id);
      return !this.loading.has(id) && (!entry || now - entry.readAt > (entry.ok ? RESERVE_TTL_MS : FAILED_RETRY_MS));
    });
    if (due.length) this.load(organizationId, due);
    const pending = siteIds.flatMap((id) => (this.known.has(id) ? [] : [this.loading.get(id)].filter((p): p is Promise<void> => p !== undefined)));
    if (pending.length) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.all(pending), new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
      clearTimeout(timer);
    }
    const result = new Map<string, number>();
    for (const id of siteIds) {
      const percent = this.known.get(id)?.percent;
      if (percent != null) result.set(id, percent);
    }
    return result;
  }

  private load(organizationId: string, siteIds: string[]): void {
    const batch = (async () => {
      const sites = await this.sites.sitesByIds(organizationId, siteIds);
      const connections = new Map((await this.connections.connectionsByIds(organizationId, [...new Set(sites.map((s) => s.connection_id))])).map((c) => [c.id, c]));
      await Promise.all(
        sites.map((site) =>
          this.limit(async () => {
            const connection = connections.get(site.connection_id);
            try {
              if (!connection) throw new Error('no connection');
              const info = await this.sites.siteInfo(site, connection);
              this.known.set(site.id, { percent: info.backup_reserve_percent ?? null, readAt: Date.now(), ok: true });
            } catch {
              const previous = this.known.get(site.id);
              this.known.set(site.id, { percent: previous?.percent ?? null, readAt: Date.now(), ok: false });
            }
          }),
        ),
      );
    })()
      .catch(() => undefined)
      .finally(() => {
        for (const id of siteIds) this.loading.delete(id);
      });
    for (const id of siteIds) this.loading.set(id, batch);
  }
}

/** Energy above each site's reserve, summed over the battery sites whose reserve is known. */
export function energyAboveReserve(
  batteries: readonly { siteId: string; percentageCharged: number; energyLeftWh: number | null; totalPackEnergyWh: number | null }[],
  reserves: ReadonlyMap<string, number>,
): { energyAboveReserveWh: number; meanBackupReservePercent: number | null; sitesWithReserve: number } {
  let energy = 0;
  let reserveSum = 0;
  let count = 0;
  for (const battery of batteries) {
    const reserve = reserves.get(battery.siteId);
    if (reserve === undefined) continue;
    count++;
    reserveSum += reserve;
    const packWh = battery.totalPackEnergyWh;
    const leftWh = battery.energyLeftWh ?? (packWh !== null ? (packWh * battery.percentageCharged) / 100 : null);
    if (packWh === null || leftWh === null) continue;
    energy += Math.max(0, leftWh - (packWh * reserve) / 100);
  }
  return { energyAboveReserveWh: Math.round(energy), meanBackupReservePercent: count ? Math.round((reserveSum / count) * 10) / 10 : null, sitesWithReserve: count };
}
