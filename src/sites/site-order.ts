import type { SiteRow } from '../db/tables.js';
import type { TelemetrySample } from '../telemetry/telemetry-sample.js';

/** A figure of each site's latest polled sample that `Query.sites(orderBy:)` can sort by (NAME is sorted in SQL). */
export type SiteOrderField = 'BATTERY_POWER' | 'STATE_OF_CHARGE' | 'GRID_POWER' | 'SOLAR_POWER' | 'SAMPLED_AT';
export type OrderDirection = 'ASC' | 'DESC';
export interface SiteOrder {
  field: SiteOrderField;
  direction: OrderDirection;
}

/** A site's place in an order: the figure (null: none), then name and id, which break ties and make it unique. */
export type SiteOrderKey = readonly [value: number | null, name: string, id: string];

/** The figure a site is ordered by; null when the site has no sample, or its latest poll failed. */
function valueOf(sample: TelemetrySample | undefined, field: SiteOrderField): number | null {
  if (!sample) return null;
  if (field === 'SAMPLED_AT') return Date.parse(sample.sampledAt);
  const live = sample.liveStatus;
  if (!live) return null;
  switch (field) {
    case 'BATTERY_POWER':
      return live.batteryPowerW;
    case 'STATE_OF_CHARGE':
      return live.percentageCharged;
    case 'GRID_POWER':
      return live.gridPowerW;
    case 'SOLAR_POWER':
      return live.solarPowerW;
  }
}

/**
 * Compares two keys of one order: by the figure in the order's direction, sites without one last
 * whichever the direction (a "lowest charge first" list starts with real charges), then by name
 * and id (ascending) so the order is total and a cursor names one place in it.
 */
export function compareSiteKeys(direction: OrderDirection): (a: SiteOrderKey, b: SiteOrderKey) => number {
  const sign = direction === 'DESC' ? -1 : 1;
  return (a, b) => {
    if (a[0] !== b[0]) {
      if (a[0] === null) return 1;
      if (b[0] === null) return -1;
      return (a[0] < b[0] ? -1 : 1) * sign;
    }
    if (a[1] !== b[1]) return a[1] < b[1] ? -1 : 1;
    return a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0;
  };
}

/** The sites in the order, each with its key (what its cursor holds). */
export function orderSites(sites: readonly SiteRow[], samples: ReadonlyMap<string, TelemetrySample>, order: SiteOrder): { site: SiteRow; key: SiteOrderKey }[] {
  const compare = compareSiteKeys(order.direction);
  return sites
    .map((site) => ({ site, key: [valueOf(samples.get(site.id), order.field), site.name, site.id] as SiteOrderKey }))
    .sort((a, b) => compare(a.key, b.key));
}

/** A key read back from a cursor (the cursor's list name already says which field and direction). */
export function isSiteOrderKey(keys: readonly unknown[]): keys is SiteOrderKey {
  const [value, name, id] = keys;
  const valueOk = value === null || (typeof value === 'number' && Number.isFinite(value));
  return keys.length === 3 && valueOk && typeof name === 'string' && typeof id === 'string' && id.length <= 100 && name.length <= 1000;
}
