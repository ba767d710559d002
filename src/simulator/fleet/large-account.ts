import type { SeededRandom } from '../random/seeded-random.js';
import type { Account } from './account.js';
import type { EnergySite } from './energy-site.js';
import { uuid } from './identifiers.js';
import { US_LOCATIONS } from './locations.js';
import { buildSite, type SitePlan } from './site-builder.js';

/**
 * The optional `large` account (`largeAccountSites`): many uniform, fully editable battery sites
 * and no cars, for load and fan-out tests. It draws from its own fork of the root generator, so
 * turning it on leaves the demo and small accounts exactly as they were.
 */

export const MAX_LARGE_ACCOUNT_SITES = 10_000;

const SURNAMES = ['Abbott', 'Baker', 'Chen', 'Diaz', 'Ellis', 'Foster', 'Gupta', 'Hughes', 'Ito', 'Jensen', 'Khan', 'Lopez', 'Murphy', 'Novak'];

function largeSitePlan(rng: SeededRandom, i: number): SitePlan {
  const location = US_LOCATIONS[i % US_LOCATIONS.length]!;
  return {
    location,
    siteName: `${rng.pick(SURNAMES)} Home ${location.city} ${i + 1}`,
    solar: rng.chance(0.7),
    powerwallCount: rng.int(1, 2),
    exportRule: rng.chance(0.5) ? 'battery_ok' : 'pv_only',
    mode: 'self_consumption',
    backupReservePercent: 20,
    stormModeEnabled: false,
    stormWatchActive: false,
    wallConnectorCount: 0,
    editSettingPermissionToExport: true,
    editSettingGridCharging: true,
    editSettingEnergyExports: true,
    firmwareClampsReserve: false,
    // The integrator may move the charge by up to ~2 % within the step that holds the start time.
    chargeAtStartPercent: rng.int(45, 75),
  };
}

/**
 * `takenIds` holds every id already in the world (sites and cars); the account's site ids are
 * added to it. A colliding id (vanishingly rare) is redrawn from a further fork, deterministically.
 */
export function largeAccount(root: SeededRandom, siteCount: number, takenIds: Set<number>): Account {
  if (!Number.isInteger(siteCount) || siteCount < 0 || siteCount > MAX_LARGE_ACCOUNT_SITES) {
    throw new RangeError(`largeAccountSites must be an integer from 0 to ${MAX_LARGE_ACCOUNT_SITES}, got ${siteCount}`);
  }
  const rng = root.fork('account:large');
  const sites: EnergySite[] = [];
  for (let i = 0; i < siteCount; i++) {
    let site: EnergySite;
    let attempt = 0;
    do {
      const siteRng = rng.fork(attempt === 0 ? `site:${i}` : `site:${i}:retry:${attempt}`);
      site = buildSite(siteRng, largeSitePlan(siteRng, i));
      attempt++;
    } while (takenIds.has(site.energySiteId));
    takenIds.add(site.energySiteId);
    sites.push(site);
  }
  return {
    name: 'large',
    region: 'na',
    userId: uuid(rng.fork('user')),
    email: 'large.owner@example.com',
    fullName: 'Lee Large',
    vaultUuid: uuid(rng.fork('vault')),
    locale: 'en-US',
    sites,
    vehicles: [],
  };
}
