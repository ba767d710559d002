import { reportSkippedTeslaField, type LiveStatus, type SiteInfo } from '../tesla/responses.js';

/** Where a live status was read: Tesla's Fleet API `live_status`, or Powerhub's latest telemetry. */
export type LiveStatusSource = 'FLEET_API' | 'POWERHUB';

/**
 * Tesla's sign convention is kept: battery positive = discharging, grid positive = importing.
 * Fields a source does not report are null (Powerhub has no generator power, grid or island
 * status, storm mode, backup capability, or pack energies).
 */
export interface SiteLiveStatus {
  source: LiveStatusSource;
  timestamp: Date | null;
  solarPowerW: number;
  batteryPowerW: number;
  loadPowerW: number;
  gridPowerW: number;
  generatorPowerW: number | null;
  percentageCharged: number | null;
  energyLeftWh: number | null;
  totalPackEnergyWh: number | null;
  gridStatus: 'ACTIVE' | 'INACTIVE' | 'UNKNOWN' | null;
  islandStatus: 'ON_GRID' | 'OFF_GRID' | 'OFF_GRID_INTENTIONAL' | 'OFF_GRID_UNINTENTIONAL' | 'UNKNOWN' | null;
  stormModeActive: boolean | null;
  backupCapable: boolean | null;
  gridServicesActive: boolean;
}

export type OperationMode = 'SELF_CONSUMPTION' | 'TIME_BASED_CONTROL' | 'BACKUP';
export type ExportRule = 'PV_ONLY' | 'BATTERY_OK' | 'NEVER';

export interface SiteSettings {
  backupReservePercent: number | null;
  operationMode: OperationMode | null;
  exportRule: ExportRule | null;
  gridChargingAllowed: boolean | null;
  stormModeEnabled: boolean | null;
}

const GRID_STATUS: Record<string, NonNullable<SiteLiveStatus['gridStatus']>> = { Active: 'ACTIVE', Inactive: 'INACTIVE', Unknown: 'UNKNOWN' };
const ISLAND_STATUS: Record<string, NonNullable<SiteLiveStatus['islandStatus']>> = {
  on_grid: 'ON_GRID',
  off_grid: 'OFF_GRID',
  off_grid_intentional: 'OFF_GRID_INTENTIONAL',
  off_grid_unintentional: 'OFF_GRID_UNINTENTIONAL',
  island_status_unknown: 'UNKNOWN',
};
/** `autonomous` is what the Tesla app calls time-based control. */
const OPERATION_MODE: Record<string, OperationMode> = { self_consumption: 'SELF_CONSUMPTION', autonomous: 'TIME_BASED_CONTROL', backup: 'BACKUP' };
const EXPORT_RULE: Record<string, ExportRule> = { pv_only: 'PV_ONLY', battery_ok: 'BATTERY_OK', never: 'NEVER' };

/**
 * Tesla's text for an enumerated value, mapped; a value the gateway does not know (Tesla adds them)
 * maps to the fallback and is reported once, never failing the read.
 */
function mapped<T>(table: Record<string, T>, value: string | null | undefined, fallback: T, shape: string, path: string): T {
  if (value == null || value === '') return fallback;
  const known = table[value];
  if (known !== undefined) return known;
  reportSkippedTeslaField(shape, path, `unknown value "${value.slice(0, 40)}"`);
  return fallback;
}

export function toSiteLiveStatus(raw: LiveStatus, hasBattery: boolean): SiteLiveStatus {
  const timestamp = raw.timestamp ? new Date(raw.timestamp) : null;
  return {
    source: 'FLEET_API',
    timestamp: timestamp && !Number.isNaN(timestamp.getTime()) ? timestamp : null,
    solarPowerW: raw.solar_power ?? 0,
    batteryPowerW: raw.battery_power ?? 0,
    loadPowerW: raw.load_power ?? 0,
    gridPowerW: raw.grid_power ?? 0,
    generatorPowerW: raw.generator_power ?? 0,
    // A site without a battery reports 0 of 1 Wh; that is "no battery", not an empty one.
    // Newer gateways may leave out `energy_left` (tesla-fleet-api.md §11); the percentage stands on its own.
    percentageCharged: hasBattery ? (raw.percentage_charged ?? (raw.energy_left != null && raw.total_pack_energy ? (raw.energy_left / raw.total_pack_energy) * 100 : null)) : null,
    energyLeftWh: hasBattery ? (raw.energy_left ?? null) : null,
    totalPackEnergyWh: hasBattery ? (raw.total_pack_energy ?? null) : null,
    gridStatus: mapped(GRID_STATUS, raw.grid_status, 'UNKNOWN', 'live_status', 'grid_status'),
    islandStatus: mapped(ISLAND_STATUS, raw.island_status, 'UNKNOWN', 'live_status', 'island_status'),
    stormModeActive: raw.storm_mode_active ?? false,
    backupCapable: raw.backup_capable ?? false,
    gridServicesActive: raw.grid_services_active ?? false,
  };
}

export function toSiteSettings(info: SiteInfo): SiteSettings {
  const components = info.components;
  const disallow = components?.disallow_charge_from_grid_with_solar_installed;
  return {
    backupReservePercent: info.backup_reserve_percent ?? null,
    operationMode: mapped<OperationMode | null>(OPERATION_MODE, info.default_real_mode, null, 'site_info', 'default_real_mode'),
    exportRule: mapped<ExportRule | null>(EXPORT_RULE, components?.customer_preferred_export_rule, null, 'site_info', 'components.customer_preferred_export_rule'),
    gridChargingAllowed: disallow == null ? null : !disallow,
    stormModeEnabled: info.user_settings?.storm_mode_enabled ?? null,
  };
}
