import type { Region } from '../fleet/account.js';
import { hasBattery, type EnergySite } from '../fleet/energy-site.js';
import { US_LOCATIONS } from '../fleet/locations.js';
import { buildSite, type SitePlan } from '../fleet/site-builder.js';
import { SitePhysics } from '../physics/site-physics.js';
import { hash32 } from '../random/hash-noise.js';
import { SeededRandom } from '../random/seeded-random.js';
import { historyOrigin, type World } from '../world.js';

/**
 * The sites one Powerhub instance manages: every battery site of the world (all accounts), linked
 * to its Fleet API `energy_site_id`, plus a few Powerhub-only sites no Fleet API account shows
 * (`energy_site_id: null`), so a client has unlinked sites to count. Linked sites share the
 * world's physics, so both APIs report one state; unlinked ones get physics of their own.
 */

export const UNLINKED_SITE_COUNT = 3;

const UNLINKED_SURNAMES = ['Quinn', 'Rossi', 'Sato', 'Tran', 'Umar', 'Vargas'];

export interface PowerhubSite {
  /** Powerhub's own id, `ph-` + 16 hex digits, stable for a seed. */
  siteId: string;
  /** The Fleet API id as decimal text; null for a Powerhub-only site. */
  energySiteId: string | null;
  site: EnergySite;
  physics: SitePhysics;
  groupIds: string[];
}

/** Derived from the site's (unique) internal id, so it never depends on the order sites are listed. */
function powerhubSiteId(energySiteId: number): string {
  const low = energySiteId % 4294967296;
  const high = Math.floor(energySiteId / 4294967296);
  const part = (salt: number) => hash32(low, high, salt).toString(16).padStart(8, '0');
  return `ph-${part(0x5048)}${part(0x4842)}`;
}

/** Two groups per site, as a utility program would slice a fleet: its region and its time zone. */
function groupIds(region: Region, timeZone: string): string[] {
  return [`region-${region}`, `zone-${timeZone.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`];
}

function unlinkedSitePlan(rng: SeededRandom, i: number): SitePlan {
  const location = rng.pick(US_LOCATIONS);
  return {
    location,
    siteName: `${rng.pick(UNLINKED_SURNAMES)} Home ${location.city} (Powerhub ${i + 1})`,
    solar: rng.chance(0.6),
    powerwallCount: rng.int(1, 2),
    exportRule: 'battery_ok',
    mode: 'self_consumption',
    backupReservePercent: 20,
    stormModeEnabled: false,
    stormWatchActive: false,
    wallConnectorCount: 0,
    firmwareClampsReserve: false,
  };
}

export class PowerhubSites {
  /** In listing order: the world's accounts in order, then the Powerhub-only sites. */
  readonly all: readonly PowerhubSite[];
  private readonly byId = new Map<string, PowerhubSite>();

  constructor(world: World, seed: number, startTime: number) {
    const sites: PowerhubSite[] = [];
    const takenEnergySiteIds = new Set<number>();
    for (const entry of world.allSites()) {
      takenEnergySiteIds.add(entry.site.energySiteId);
      if (!hasBattery(entry.site)) continue;
      sites.push({
        siteId: powerhubSiteId(entry.site.energySiteId),
        energySiteId: String(entry.site.energySiteId),
        site: entry.site,
        physics: entry.physics,
        groupIds: groupIds(entry.account.region, entry.site.timeZone),
      });
    }
    // A fork of its own: the Fleet API accounts are the same whether or not Powerhub exists.
    const rng = new SeededRandom(seed).fork('powerhub:unlinked');
    for (let i = 0; i < UNLINKED_SITE_COUNT; i++) {
      let site: EnergySite;
      let attempt = 0;
      do {
        const siteRng = rng.fork(attempt === 0 ? `site:${i}` : `site:${i}:retry:${attempt}`);
        site = buildSite(siteRng, unlinkedSitePlan(siteRng, i));
        attempt++;
      } while (takenEnergySiteIds.has(site.energySiteId));
      takenEnergySiteIds.add(site.energySiteId);
      sites.push({
        siteId: powerhubSiteId(site.energySiteId),
        energySiteId: null,
        site,
        physics: new SitePhysics(site, historyOrigin(site, startTime), () => [], startTime),
        groupIds: groupIds('na', site.timeZone),
      });
    }
    for (const entry of sites) {
      if (this.byId.has(entry.siteId)) throw new Error(`Powerhub site id collision: ${entry.siteId}`);
      this.byId.set(entry.siteId, entry);
    }
    this.all = sites;
  }

  get(siteId: string): PowerhubSite | undefined {
    return this.byId.get(siteId);
  }
}
