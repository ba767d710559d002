import DataLoader from 'dataloader';
import type { PowerhubSiteRow, SiteRow } from '../db/tables.js';
import type { LinkedLiveStatusSource } from '../sites/site-loaders.js';
import type { PowerhubService } from './powerhub-service.js';

/**
 * Per-request Powerhub loaders: a site's Powerhub link (by our site id, one query per batch), and
 * the live-status source the site loaders use for linked sites.
 */
export function createPowerhubLoaders(powerhub: PowerhubService | null, organizationId: string) {
  const powerhubLinkBySiteId = new DataLoader<string, PowerhubSiteRow | null>(async (siteIds) => {
    if (!powerhub) return siteIds.map(() => null);
    const links = await powerhub.linksBySiteIds(organizationId, siteIds);
    return siteIds.map((id) => links.get(id) ?? null);
  });
  const liveStatusSource: LinkedLiveStatusSource | null = powerhub
    ? {
        async liveStatuses(sites: readonly SiteRow[]) {
          const links = await powerhubLinkBySiteId.loadMany(sites.map((s) => s.id));
          const linked: { index: number; site: SiteRow; powerhubSiteId: string }[] = [];
          links.forEach((link, index) => {
            // A failed link lookup fails the whole batch below, like any database error.
            if (link instanceof Error) throw link;
            if (link) linked.push({ index, site: sites[index]!, powerhubSiteId: link.powerhub_site_id });
          });
          const results: Awaited<ReturnType<LinkedLiveStatusSource['liveStatuses']>> = sites.map(() => null);
          if (linked.length === 0) return results;
          const statuses = await powerhub.liveStatuses(organizationId, linked);
          linked.forEach(({ index }, i) => {
            results[index] = statuses[i]!;
          });
          return results;
        },
      }
    : null;
  return { loaders: { powerhubLinkBySiteId }, liveStatusSource };
}

export type PowerhubLoaders = ReturnType<typeof createPowerhubLoaders>['loaders'];
