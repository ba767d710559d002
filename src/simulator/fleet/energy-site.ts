/** An energy site as the sandbox knows it: installed hardware, customer settings, environment. */

export type OperationMode = 'self_consumption' | 'autonomous' | 'backup';
export type ExportRule = 'pv_only' | 'battery_ok' | 'never';
export type PowerwallModel = 'Powerwall 2' | 'Powerwall 3';

export interface Powerwall {
  model: PowerwallModel;
  deviceId: string;
  din: string;
  serialNumber: string;
  partNumber: string;
  nameplateEnergyWh: number;
  nameplateMaxChargeW: number;
  nameplateMaxDischargeW: number;
  /** Usable capacity of this unit today; differs a little from nameplate, as real packs do. */
  packEnergyWh: number;
}

export interface Gateway {
  deviceId: string;
  din: string;
  serialNumber: string;
  partNumber: string;
  partName: string;
  firmwareVersion: string;
}

export interface WallConnector {
  deviceId: string;
  din: string;
  serialNumber: string;
  partNumber: string;
}

/** One row of Tesla's `tou_settings.schedule`; end_seconds ≤ start_seconds wraps past midnight. */
export interface TouPeriod {
  target: 'peak' | 'partial_peak' | 'off_peak';
  /** 0 = Sunday … 6 = Saturday */
  weekDays: number[];
  startSeconds: number;
  endSeconds: number;
}

/**
 * One season of a tariff set with `time_of_use_settings`: its date range (inclusive, may wrap
 * past New Year) and the schedule that applies within it.
 */
export interface TouSeason {
  name: string;
  fromMonth: number;
  fromDay: number;
  toMonth: number;
  toDay: number;
  schedule: TouPeriod[];
}

/**
 * What the customer (and energy commands) can change. The physics reads these at every
 * step, so a changed setting changes behaviour from that moment on.
 */
export interface EnergySiteSettings {
  backupReservePercent: number;
  operationMode: OperationMode;
  exportRule: ExportRule;
  disallowChargeFromGridWithSolarInstalled: boolean;
  stormModeEnabled: boolean;
  offGridVehicleChargingReservePercent: number;
  /** The schedule when no tariff season covers the date (and site_info's before any tariff is set). */
  touSchedule: TouPeriod[];
  /** Derived from the last `tariff_content_v2` that carried usable seasons; null = use touSchedule. */
  touSeasons: TouSeason[] | null;
  /** The last tariff set with `time_of_use_settings`, stored normalised as Tesla does (tou-tariff.ts `storedTariff`). */
  tariffContentV2: Record<string, unknown> | null;
}

/** Which settings the installer / utility lets the customer (and so a partner app) edit. */
export interface SitePermissions {
  editSettingPermissionToExport: boolean;
  editSettingGridCharging: boolean;
  editSettingEnergyExports: boolean;
}

/**
 * Optional fields this site's JSON leaves out or sends oddly, as some real sites do
 * (tesla-fleet-api.md §11; Home Assistant's tesla_fleet / teslemetry site_info fixtures). Only the
 * JSON changes: the site itself (hardware, zone, charge, schedule) is the same.
 */
export interface TeslaJsonQuirks {
  /** site_info `components.batteries[]` rows without `din`. */
  batteriesWithoutDin?: boolean;
  /** site_info `components.wall_connectors[]` and products `components.wall_connectors[]` rows without `din`. */
  wallConnectorsWithoutDin?: boolean;
  /** site_info `tou_settings.schedule[]` rows without `week_days`. */
  scheduleWithoutWeekDays?: boolean;
  /** site_info `installation_time_zone: ""`. */
  emptyTimeZone?: boolean;
  /** live_status (and products) without `energy_left`. */
  noEnergyLeft?: boolean;
  /** live_status `island_status` with a value no client knows yet (a simulator invention standing for values Tesla adds). */
  unknownIslandStatus?: boolean;
}

export interface EnergySite {
  /** Integer above 2^31 and below 2^53; JSON carries it as a number, paths as decimal text. */
  energySiteId: number;
  /** Tesla's string `id` (STE… site number). */
  siteNumber: string;
  assetSiteId: string;
  warpSiteNumber: string;
  siteName: string;
  timeZone: string;
  latitude: number;
  longitude: number;
  installationDate: string;
  gateway: Gateway | null;
  powerwalls: Powerwall[];
  wallConnectors: WallConnector[];
  /** DC array size; null when the site has no solar. */
  solarCapacityW: number | null;
  household: { baseLoadW: number; peakScale: number };
  /** Seeds this site's weather and load noise. */
  noiseSeed: number;
  settings: EnergySiteSettings;
  permissions: SitePermissions;
  /** Recent Powerwall firmware stores a requested backup reserve of 81–99 % as 80 %. */
  firmwareClampsReserve: boolean;
  /** Optional fields its JSON leaves out; absent = none. */
  jsonQuirks?: TeslaJsonQuirks;
  /** Outside the customer's control: whether a storm watch is in effect for the site. */
  environment: { stormWatchActive: boolean };
  /**
   * When set (the `large` account), the state of charge is pinned to this percentage at the
   * simulator's start time instead of following from the origin's drawn charge.
   */
  chargeAtStartPercent?: number;
}

export function hasBattery(site: EnergySite): boolean {
  return site.powerwalls.length > 0;
}

export function totalPackEnergyWh(site: EnergySite): number {
  return site.powerwalls.reduce((sum, unit) => sum + unit.packEnergyWh, 0);
}

export function maxChargePowerW(site: EnergySite): number {
  return site.powerwalls.reduce((sum, unit) => sum + unit.nameplateMaxChargeW, 0);
}

export function maxDischargePowerW(site: EnergySite): number {
  return site.powerwalls.reduce((sum, unit) => sum + unit.nameplateMaxDischargeW, 0);
}

export function stormModeActive(site: EnergySite): boolean {
  return hasBattery(site) && site.settings.stormModeEnabled && site.environment.stormWatchActive;
}

/** Tesla's flag only bites when solar is installed: without solar, grid charging is always allowed. */
export function gridChargingAllowed(site: EnergySite): boolean {
  return !(site.settings.disallowChargeFromGridWithSolarInstalled && site.solarCapacityW !== null);
}
