import type { SeededRandom } from '../random/seeded-random.js';
import { hash32 } from '../random/hash-noise.js';
import { formatLocalIso } from '../time/time-zone.js';
import type {
  EnergySite,
  ExportRule,
  Gateway,
  OperationMode,
  Powerwall,
  PowerwallModel,
  TeslaJsonQuirks,
  TouPeriod,
  WallConnector,
} from './energy-site.js';
import { din, largeId, serialNumber, siteNumber, uuid } from './identifiers.js';
import type { Location } from './locations.js';

/** What a fleet definition pins down about a site; everything else is drawn from the seed. */
export interface SitePlan {
  location: Location;
  siteName: string;
  solar: boolean;
  /** 0 = solar-only site without a battery. */
  powerwallCount: number;
  powerwallModel?: PowerwallModel;
  exportRule: ExportRule;
  mode: OperationMode;
  backupReservePercent?: number;
  stormModeEnabled?: boolean;
  stormWatchActive?: boolean;
  wallConnectorCount: number;
  baseLoadW?: number;
  disallowGridCharging?: boolean;
  editSettingPermissionToExport?: boolean;
  editSettingGridCharging?: boolean;
  editSettingEnergyExports?: boolean;
  firmwareClampsReserve?: boolean;
  /** Pins the state of charge at the simulator's start time (percent); unset = drawn from the noise seed at the origin. */
  chargeAtStartPercent?: number;
  /** Optional fields the site's JSON leaves out (energy-site.ts `TeslaJsonQuirks`); draws nothing from the seed. */
  jsonQuirks?: TeslaJsonQuirks;
}

const POWERWALL_SPECS: Record<PowerwallModel, { partNumber: string; chargeW: number; dischargeW: number }> = {
  'Powerwall 2': { partNumber: '3012170-10-B', chargeW: 5000, dischargeW: 5000 },
  // Powerwall 3 discharges at 11.5 kW but, like the real unit, takes AC charge at 5 kW.
  'Powerwall 3': { partNumber: '1707000-11-J', chargeW: 5000, dischargeW: 11500 },
};
const NAMEPLATE_ENERGY_WH = 13500;

/** A common North-American TOU shape: peak 16:00–21:00 every day, off-peak otherwise. */
export const DEFAULT_TOU_SCHEDULE: readonly TouPeriod[] = [
  { target: 'peak', weekDays: [0, 1, 2, 3, 4, 5, 6], startSeconds: 16 * 3600, endSeconds: 21 * 3600 },
  { target: 'off_peak', weekDays: [0, 1, 2, 3, 4, 5, 6], startSeconds: 21 * 3600, endSeconds: 16 * 3600 },
];

function gatewayFirmware(rng: SeededRandom): string {
  return `${rng.pick(['24.20.1', '24.36.2', '24.44.0', '25.2.1', '25.10.0'])} ${rng.hex(8)}`;
}

function buildPowerwalls(rng: SeededRandom, model: PowerwallModel, count: number): Powerwall[] {
  const spec = POWERWALL_SPECS[model];
  return Array.from({ length: count }, () => {
    const serial = serialNumber(rng, 'TG1', 11);
    return {
      model,
      deviceId: uuid(rng),
      din: din(spec.partNumber, serial),
      serialNumber: serial,
      partNumber: spec.partNumber,
      nameplateEnergyWh: NAMEPLATE_ENERGY_WH,
      nameplateMaxChargeW: spec.chargeW,
      nameplateMaxDischargeW: spec.dischargeW,
      // Real packs report a little less than nameplate after some cycling.
      packEnergyWh: Math.round(NAMEPLATE_ENERGY_WH * rng.between(0.93, 1.0)),
    };
  });
}

function buildGateway(rng: SeededRandom, model: PowerwallModel): Gateway {
  const [partNumber, partName] =
    model === 'Powerwall 3' ? ['1841000-01-A', 'Gateway 3'] : ['1232100-00-E', 'Tesla Backup Gateway 2'];
  const serial = serialNumber(rng, 'GF2', 11);
  return {
    deviceId: uuid(rng),
    din: din(partNumber, serial),
    serialNumber: serial,
    partNumber,
    partName,
    firmwareVersion: gatewayFirmware(rng),
  };
}

function buildWallConnector(rng: SeededRandom): WallConnector {
  const partNumber = '1734412-02-E';
  const serial = serialNumber(rng, 'PGT', 11);
  return { deviceId: uuid(rng), din: din(partNumber, serial), serialNumber: serial, partNumber };
}

export function buildSite(rng: SeededRandom, plan: SitePlan): EnergySite {
  const energySiteId = largeId(rng);
  const installedAt = Date.UTC(rng.int(2019, 2024), rng.int(0, 11), rng.int(1, 28), rng.int(15, 23), rng.int(0, 59));
  const installationDate = formatLocalIso(installedAt, plan.location.timeZone);
  const model = plan.powerwallModel ?? (rng.chance(0.45) ? 'Powerwall 3' : 'Powerwall 2');
  const powerwalls = buildPowerwalls(rng, model, plan.powerwallCount);
  const gateway = plan.powerwallCount > 0 ? buildGateway(rng, model) : null;
  const wallConnectors = Array.from({ length: plan.wallConnectorCount }, () => buildWallConnector(rng));
  const solarCapacityW = plan.solar ? rng.int(16, 48) * 250 : null;
  const mode = plan.mode;

  return {
    energySiteId,
    siteNumber: siteNumber(rng, installationDate),
    assetSiteId: uuid(rng),
    warpSiteNumber: `STE${rng.digits(8)}-${rng.digits(5)}`,
    siteName: plan.siteName,
    timeZone: plan.location.timeZone,
    // A few km of jitter so that neighbouring sites do not see the very same sun.
    latitude: plan.location.latitude + rng.between(-0.2, 0.2),
    longitude: plan.location.longitude + rng.between(-0.2, 0.2),
    installationDate,
    gateway,
    powerwalls,
    wallConnectors,
    solarCapacityW,
    household: { baseLoadW: plan.baseLoadW ?? Math.round(rng.between(250, 700)), peakScale: Math.round(rng.between(1200, 3200)) },
    noiseSeed: hash32(energySiteId % 4294967296, Math.floor(energySiteId / 4294967296)),
    settings: {
      backupReservePercent:
        plan.backupReservePercent ?? (mode === 'backup' ? 100 : rng.pick([10, 15, 20, 20, 25, 30, 40, 50])),
      operationMode: mode,
      exportRule: plan.exportRule,
      disallowChargeFromGridWithSolarInstalled: plan.solar ? (plan.disallowGridCharging ?? rng.chance(0.4)) : false,
      stormModeEnabled: plan.powerwallCount > 0 && (plan.stormModeEnabled ?? rng.chance(0.5)),
      offGridVehicleChargingReservePercent: plan.wallConnectorCount > 0 ? rng.pick([0, 20, 30]) : 0,
      touSchedule: DEFAULT_TOU_SCHEDULE.map((period) => ({ ...period, weekDays: [...period.weekDays] })),
      touSeasons: null,
      tariffContentV2: null,
    },
    permissions: {
      editSettingPermissionToExport: plan.editSettingPermissionToExport ?? rng.chance(0.75),
      editSettingGridCharging: plan.editSettingGridCharging ?? rng.chance(0.8),
      editSettingEnergyExports: plan.editSettingEnergyExports ?? rng.chance(0.8),
    },
    environment: { stormWatchActive: plan.stormWatchActive ?? false },
    firmwareClampsReserve: plan.firmwareClampsReserve ?? false,
    ...(plan.chargeAtStartPercent !== undefined ? { chargeAtStartPercent: plan.chargeAtStartPercent } : {}),
    ...(plan.jsonQuirks ? { jsonQuirks: { ...plan.jsonQuirks } } : {}),
  };
}
