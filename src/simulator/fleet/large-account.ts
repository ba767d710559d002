import type { SeededRandom } from '../random/seeded-random.js';
import type { Vehicle } from './vehicle.js';
import { buildVehicle, type VehiclePlan } from './vehicle-builder.js';
import type { Account } from './account.js';
import type { EnergySite } from './energy-site.js';
import { uuid } from './identifiers.js';
import { US_LOCATIONS } from './locations.js';
import { buildSite, type SitePlan } from './site-builder.js';

/**
 * The optional `large` account (`largeAccountSites`, `largeAccountVehicles`): many uniform, fully
 * editable battery sites and, when asked, many cars (more than Tesla's 100-a-page vehicle list), for
 * load, fan-out and pagination tests. It draws from its own fork of the root generator, so
 * turning it on leaves the demo and small accounts exactly as they were.
 */

export const MAX_LARGE_ACCOUNT_SITES = 10_000;
export const MAX_LARGE_ACCOUNT_VEHICLES = 2_000;

const LARGE_MODELS: VehiclePlan['model'][] = ['model3', 'modely', 'modelx', 'models', 'cybertruck'];

/** Plain cars, no home: every third asleep, the rest online; keys paired; unplugged. */
function largeVehiclePlan(rng: SeededRandom, i: number): VehiclePlan {
  return {
    model: LARGE_MODELS[i % LARGE_MODELS.length]!,
    modelYear: rng.int(2021, 2025),
    state: i % 3 === 2 ? 'asleep' : 'online',
    keyPaired: true,
    home: null,
    charging: 'unplugged',
    location: US_LOCATIONS[i % US_LOCATIONS.length]!,
    region: 'na',
  };
}

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
export function largeAccount(root: SeededRandom, siteCount: number, takenIds: Set<number>, vehicleCount = 0, startTime = 0): Account {
  if (!Number.isInteger(siteCount) || siteCount < 0 || siteCount > MAX_LARGE_ACCOUNT_SITES) {
    throw new RangeError(`largeAccountSites must be an integer from 0 to ${MAX_LARGE_ACCOUNT_SITES}, got ${siteCount}`);
  }
  if (!Number.isInteger(vehicleCount) || vehicleCount < 0 || vehicleCount > MAX_LARGE_ACCOUNT_VEHICLES) {
    throw new RangeError(`largeAccountVehicles must be an integer from 0 to ${MAX_LARGE_ACCOUNT_VEHICLES}, got ${vehicleCount}`);
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
  // Cars draw from their own `vehicle:<i>` forks, after the sites: the sites are the same with or without them.
  const vehicles: Vehicle[] = [];
  const vins = new Set<string>();
  for (let i = 0; i < vehicleCount; i++) {
    let vehicle: Vehicle;
    let attempt = 0;
    do {
      const vehicleRng = rng.fork(attempt === 0 ? `vehicle:${i}` : `vehicle:${i}:retry:${attempt}`);
      vehicle = buildVehicle(vehicleRng, largeVehiclePlan(vehicleRng, i), startTime);
      attempt++;
    } while (takenIds.has(vehicle.id) || vins.has(vehicle.vin));
    takenIds.add(vehicle.id);
    vins.add(vehicle.vin);
    vehicles.push(vehicle);
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
    vehicles,
  };
}
