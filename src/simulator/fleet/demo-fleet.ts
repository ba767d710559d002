import { SeededRandom } from '../random/seeded-random.js';
import type { Account } from './account.js';
import type { EnergySite, ExportRule, OperationMode } from './energy-site.js';
import { uuid } from './identifiers.js';
import { BERLIN_LOCATIONS, US_LOCATIONS } from './locations.js';
import { largeAccount } from './large-account.js';
import { buildSite, type SitePlan } from './site-builder.js';
import { buildVehicle, type ModelKey, type VehiclePlan } from './vehicle-builder.js';
import type { VehicleState } from './vehicle.js';

/**
 * The sandbox's two accounts (plus the optional `large` one from large-account.ts). The shape of the fleet (which site is solar-only, which has storm
 * mode active, which car is the old Model S…) is fixed by index, so every seed yields the cases
 * tests and demos rely on; identities, sizes and the remaining settings come from the seed.
 */

const DEMO_SITE_COUNT = 28;
const EXPORT_RULES: readonly ExportRule[] = ['battery_ok', 'pv_only', 'never'];
const SURNAMES = ['Garcia', 'Nguyen', 'Okafor', 'Larsen', 'Patel', 'Kowalski', 'Haddad', 'Moreau', 'Tanaka', 'Silva', 'Brennan', 'Ivanova', 'Fischer', 'Mendez'];

/** Index-pinned cases of the demo fleet. */
const STORM_SITE = 0;
const SOLAR_ONLY_SITES = new Set([1, 13]);
/** Battery without solar, high load, low reserve: discharges to its reserve and stays there. */
const BATTERY_ONLY_SITE = 2;
/** A storm watch is in effect here, but the owner opted out of storm mode. */
const STORM_WATCH_OPT_OUT_SITE = 17;
const EXPORT_LOCKED_SITE = 4;
/** About one site in five runs firmware that clamps a backup reserve of 81–99 % to 80 %. */
const clampsReserve = (i: number): boolean => i % 5 === 3;

/**
 * Sites appended after the original 28 (each draws from its own `site:<index>` seed fork, so every
 * earlier site keeps its identity) whose Tesla JSON leaves optional fields out, as some real sites'
 * does (tesla-fleet-api.md §11; Home Assistant's tesla_fleet / teslemetry site_info fixtures).
 */
export const DEMO_SITE_CASES = {
  /** site_info: batteries and the wall connector without `din`, `installation_time_zone: ""`; products: the wall connector without `din`. */
  devicesWithoutDin: 28,
  /** site_info: schedule rows without `week_days`; live_status: no `energy_left`, an `island_status` no client knows. */
  sparseReadings: 29,
} as const;

function demoQuirkSitePlan(rng: SeededRandom, i: number): SitePlan {
  const location = US_LOCATIONS[i % US_LOCATIONS.length]!;
  const base = {
    location,
    siteName: `${rng.pick(SURNAMES)} Home ${location.city}`,
    solar: true,
    powerwallModel: 'Powerwall 2' as const,
    exportRule: 'battery_ok' as const,
    mode: 'self_consumption' as const,
    backupReservePercent: 20,
    stormModeEnabled: false,
    editSettingPermissionToExport: true,
    editSettingGridCharging: true,
    editSettingEnergyExports: true,
    disallowGridCharging: false,
    firmwareClampsReserve: false,
  };
  return i === DEMO_SITE_CASES.devicesWithoutDin
    ? { ...base, powerwallCount: 2, wallConnectorCount: 1, jsonQuirks: { batteriesWithoutDin: true, wallConnectorsWithoutDin: true, emptyTimeZone: true } }
    : { ...base, powerwallCount: 1, wallConnectorCount: 0, jsonQuirks: { scheduleWithoutWeekDays: true, noEnergyLeft: true, unknownIslandStatus: true } };
}

function demoMode(i: number): OperationMode {
  if (i === BATTERY_ONLY_SITE || i === STORM_SITE) return 'self_consumption';
  if (i % 9 === 5) return 'backup';
  if (i % 4 === 3) return 'autonomous';
  return 'self_consumption';
}

function demoSitePlan(rng: SeededRandom, i: number): SitePlan {
  const location = US_LOCATIONS[i % US_LOCATIONS.length]!;
  const solarOnly = SOLAR_ONLY_SITES.has(i);
  const solar = i !== BATTERY_ONLY_SITE && (solarOnly || !rng.chance(0.1));
  return {
    location,
    siteName: `${rng.pick(SURNAMES)} Home ${location.city}`,
    solar,
    powerwallCount: solarOnly ? 0 : rng.int(1, 3),
    ...(i === BATTERY_ONLY_SITE ? { powerwallCount: 1, powerwallModel: 'Powerwall 2' as const, backupReservePercent: 20, baseLoadW: 1500 } : {}),
    exportRule: EXPORT_RULES[i % 3]!,
    mode: demoMode(i),
    ...(i === STORM_SITE ? { stormModeEnabled: true, stormWatchActive: true, editSettingPermissionToExport: true } : {}),
    ...(i === STORM_WATCH_OPT_OUT_SITE ? { stormModeEnabled: false, stormWatchActive: true } : {}),
    ...(i === EXPORT_LOCKED_SITE ? { editSettingPermissionToExport: false } : {}),
    wallConnectorCount: i % 4 === 0 ? (i === 8 ? 2 : 1) : 0,
    firmwareClampsReserve: clampsReserve(i),
  };
}

interface DemoVehicle {
  model: ModelKey;
  modelYear: number;
  state: VehicleState;
  keyPaired: boolean;
  homeSite: number | null;
  charging: VehiclePlan['charging'];
  commandSigning?: VehiclePlan['commandSigning'];
  mobileAccess?: boolean;
  jsonQuirks?: VehiclePlan['jsonQuirks'];
}

/**
 * Index-pinned special cars of the demo fleet, appended after the original twelve so every earlier
 * car keeps its identity (each car draws from its own `vehicle:<index>` seed fork).
 */
export const DEMO_VEHICLE_CASES = {
  /**
   * A 2022 Model 3 whose vehicle list says `command_signing: "allowed"` while fleet_status says
   * `vehicle_command_protocol_required: true`: REST commands answer 403 protocol-required, as at
   * Tesla (a 2022 Model 3 fixture in Home Assistant's teslemetry tests shows "allowed").
   */
  signingAllowedButProtocolRequired: 12,
  /** Asleep, key paired, Allow Mobile Access off: wake_up and its commands answer 401 `mobile_access_disabled`. */
  mobileAccessOff: 13,
  /** Online, key paired, unplugged: its vehicle_data sends charge_state numbers as text (`charge_limit_soc: "80"`). */
  numbersAsText: 14,
  /** Online, key paired, unplugged: listed without a VIN (`/products` `vin: null`, `/vehicles` no `vin`), so a client cannot key it. */
  listedWithoutVin: 15,
} as const;

const DEMO_VEHICLES: readonly DemoVehicle[] = [
  { model: 'model3', modelYear: 2022, state: 'online', keyPaired: true, homeSite: 0, charging: 'charging' },
  { model: 'modely', modelYear: 2023, state: 'online', keyPaired: true, homeSite: 4, charging: 'charging' },
  { model: 'models_2018', modelYear: 2018, state: 'online', keyPaired: false, homeSite: 8, charging: 'plugged_in' },
  { model: 'modely', modelYear: 2024, state: 'asleep', keyPaired: true, homeSite: 12, charging: 'unplugged' },
  { model: 'model3', modelYear: 2021, state: 'offline', keyPaired: true, homeSite: null, charging: 'unplugged' },
  { model: 'modelx', modelYear: 2023, state: 'online', keyPaired: false, homeSite: 16, charging: 'unplugged' },
  { model: 'cybertruck', modelYear: 2024, state: 'asleep', keyPaired: true, homeSite: null, charging: 'unplugged' },
  { model: 'model3', modelYear: 2024, state: 'online', keyPaired: true, homeSite: 20, charging: 'complete' },
  { model: 'modely', modelYear: 2022, state: 'online', keyPaired: true, homeSite: 24, charging: 'charging' },
  { model: 'models', modelYear: 2023, state: 'asleep', keyPaired: false, homeSite: null, charging: 'unplugged' },
  { model: 'model3', modelYear: 2025, state: 'online', keyPaired: true, homeSite: null, charging: 'unplugged' },
  { model: 'modely', modelYear: 2025, state: 'offline', keyPaired: false, homeSite: null, charging: 'unplugged' },
  // DEMO_VEHICLE_CASES.signingAllowedButProtocolRequired
  { model: 'model3', modelYear: 2022, state: 'online', keyPaired: true, homeSite: null, charging: 'unplugged', commandSigning: 'allowed' },
  // DEMO_VEHICLE_CASES.mobileAccessOff
  { model: 'modely', modelYear: 2023, state: 'asleep', keyPaired: true, homeSite: null, charging: 'unplugged', mobileAccess: false },
  // DEMO_VEHICLE_CASES.numbersAsText
  { model: 'modely', modelYear: 2024, state: 'online', keyPaired: true, homeSite: null, charging: 'unplugged', jsonQuirks: { numbersAsText: true } },
  // DEMO_VEHICLE_CASES.listedWithoutVin
  { model: 'model3', modelYear: 2023, state: 'online', keyPaired: true, homeSite: null, charging: 'unplugged', jsonQuirks: { listedWithoutVin: true } },
];

function demoAccount(root: SeededRandom, startTime: number): Account {
  const rng = root.fork('account:demo');
  const sites = Array.from({ length: DEMO_SITE_COUNT }, (_, i) => {
    const siteRng = rng.fork(`site:${i}`);
    return buildSite(siteRng, demoSitePlan(siteRng, i));
  });
  for (const i of Object.values(DEMO_SITE_CASES).sort((a, b) => a - b)) {
    const siteRng = rng.fork(`site:${i}`);
    sites.push(buildSite(siteRng, demoQuirkSitePlan(siteRng, i)));
  }
  const vehicles = DEMO_VEHICLES.map((plan, i) => {
    const vehicleRng = rng.fork(`vehicle:${i}`);
    const home: EnergySite | null = plan.homeSite === null ? null : (sites[plan.homeSite] ?? null);
    return buildVehicle(
      vehicleRng,
      { ...plan, home, location: vehicleRng.pick(US_LOCATIONS), region: 'na' },
      startTime,
    );
  });
  return {
    name: 'demo',
    region: 'na',
    userId: uuid(rng.fork('user')),
    email: 'demo.owner@example.com',
    fullName: 'Dana Demo',
    vaultUuid: uuid(rng.fork('vault')),
    locale: 'en-US',
    sites,
    vehicles,
  };
}

function smallAccount(root: SeededRandom, startTime: number): Account {
  const rng = root.fork('account:small');
  const plans: SitePlan[] = [
    { location: BERLIN_LOCATIONS[0]!, siteName: 'Haus Klein Berlin', solar: true, powerwallCount: 1, powerwallModel: 'Powerwall 3', exportRule: 'battery_ok', mode: 'self_consumption', wallConnectorCount: 1 },
    { location: BERLIN_LOCATIONS[1]!, siteName: 'Ferienhaus Klein', solar: true, powerwallCount: 2, powerwallModel: 'Powerwall 2', exportRule: 'pv_only', mode: 'autonomous', wallConnectorCount: 0 },
  ];
  const sites = plans.map((plan, i) => buildSite(rng.fork(`site:${i}`), plan));
  const vehicle = buildVehicle(
    rng.fork('vehicle:0'),
    { model: 'modely', modelYear: 2024, state: 'online', keyPaired: true, home: sites[0] ?? null, charging: 'plugged_in', location: BERLIN_LOCATIONS[0]!, region: 'eu' },
    startTime,
  );
  return {
    name: 'small',
    region: 'eu',
    userId: uuid(rng.fork('user')),
    email: 'small.owner@example.com',
    fullName: 'Sam Klein',
    vaultUuid: uuid(rng.fork('vault')),
    locale: 'de-DE',
    sites,
    vehicles: [vehicle],
  };
}

export interface FleetOptions {
  /** > 0 adds the `large` account with this many battery sites (see large-account.ts). */
  largeAccountSites?: number;
  /** > 0 adds cars to the `large` account (creating it if need be). */
  largeAccountVehicles?: number;
}

export function generateAccounts(seed: number, startTime: number, options: FleetOptions = {}): Account[] {
  const root = new SeededRandom(seed);
  const accounts = [demoAccount(root, startTime), smallAccount(root, startTime)];
  const largeSites = options.largeAccountSites ?? 0;
  const largeVehicles = options.largeAccountVehicles ?? 0;
  if (largeSites !== 0 || largeVehicles !== 0) {
    const taken = new Set<number>();
    for (const account of accounts) {
      for (const site of account.sites) taken.add(site.energySiteId);
      for (const vehicle of account.vehicles) taken.add(vehicle.id);
    }
    accounts.push(largeAccount(root, largeSites, taken, largeVehicles, startTime));
  }
  return accounts;
}
