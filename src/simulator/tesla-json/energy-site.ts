import { hasBattery, totalPackEnergyWh, type EnergySite } from '../fleet/energy-site.js';
import type { SiteSnapshot, WallConnectorActivity } from '../physics/site-physics.js';
import { touScheduleOn } from '../physics/tou-tariff.js';
import { formatLocalIso, localTime } from '../time/time-zone.js';

/** Energy sites in Tesla's JSON shapes (tesla-fleet-api.md §5.1–5.3). */

/** Tesla's numeric wall connector states, as Home Assistant's Teslemetry integration maps them. */
const WALL_CONNECTOR_STATE: Record<WallConnectorActivity, number> = { idle: 2, connected: 4, charging: 11, complete: 8 };
const NO_FAULT = 2;

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

/** A solar-only site reports 0 Wh left out of 1 Wh, as Tesla's gateways do. */
function packFields(site: EnergySite, snapshot: SiteSnapshot): { energy_left?: number; total_pack_energy: number; percentage_charged: number } {
  if (!hasBattery(site)) return { energy_left: 0, total_pack_energy: 1, percentage_charged: 0 };
  const energyLeft = round1(snapshot.energyLeftWh);
  const total = totalPackEnergyWh(site);
  const percentage = (energyLeft / total) * 100;
  // Newer gateways leave `energy_left` out (tesla-fleet-api.md §11): the demo's quirk sites do.
  if (site.jsonQuirks?.noEnergyLeft) return { total_pack_energy: total, percentage_charged: percentage };
  return { energy_left: energyLeft, total_pack_energy: total, percentage_charged: percentage };
}

/** A device row's `din`, unless the site's quirks leave it out. */
const dinOf = (din: string, leftOut: boolean | undefined) => (leftOut ? {} : { din });

export function energyProductJson(site: EnergySite, snapshot: SiteSnapshot) {
  const battery = hasBattery(site);
  return {
    energy_site_id: site.energySiteId,
    resource_type: battery ? 'battery' : 'solar',
    site_name: site.siteName,
    id: site.siteNumber,
    ...(site.gateway ? { gateway_id: site.gateway.din } : {}),
    asset_site_id: site.assetSiteId,
    warp_site_number: site.warpSiteNumber,
    ...packFields(site, snapshot),
    ...(battery ? { battery_type: 'ac_powerwall' } : {}),
    backup_capable: battery,
    battery_power: snapshot.batteryW,
    storm_mode_enabled: site.settings.stormModeEnabled,
    powerwall_onboarding_settings_set: true,
    powerwall_tesla_electric_interested_in: null,
    vpp_tour_enabled: null,
    sync_grid_alert_enabled: true,
    breaker_alert_enabled: false,
    go_off_grid_test_banner_enabled: null,
    components: {
      battery,
      ...(battery ? { battery_type: 'ac_powerwall' } : {}),
      solar: site.solarCapacityW !== null,
      ...(site.solarCapacityW !== null ? { solar_type: 'pv_panel' } : {}),
      grid: true,
      load_meter: true,
      market_type: 'residential',
      wall_connectors: site.wallConnectors.map((wc) => ({ device_id: wc.deviceId, ...dinOf(wc.din, site.jsonQuirks?.wallConnectorsWithoutDin), is_active: true })),
    },
    features: { rate_plan_manager_no_pricing_constraint: true },
    device_type: 'energy',
  };
}

export function liveStatusJson(site: EnergySite, snapshot: SiteSnapshot) {
  return {
    solar_power: snapshot.solarW,
    ...packFields(site, snapshot),
    backup_capable: hasBattery(site),
    battery_power: snapshot.batteryW,
    load_power: snapshot.loadW,
    grid_status: 'Active',
    // True while a grid-services (Powerhub) set-point runs the battery; its power is the battery's.
    grid_services_active: snapshot.gridServicesActive,
    grid_power: snapshot.gridW,
    grid_services_power: snapshot.gridServicesActive ? snapshot.batteryW : 0,
    generator_power: 0,
    // A value no client knows yet stands for the ones Tesla adds over time (a simulator invention).
    island_status: site.jsonQuirks?.unknownIslandStatus ? 'on_grid_resynchronizing' : 'on_grid',
    storm_mode_active: snapshot.stormModeActive,
    timestamp: formatLocalIso(snapshot.at, site.timeZone),
    wall_connectors:
      site.wallConnectors.length === 0
        ? null
        : snapshot.wallConnectors.map((wc) => ({
            din: wc.din,
            ...(wc.vin ? { vin: wc.vin } : {}),
            wall_connector_state: WALL_CONNECTOR_STATE[wc.activity],
            wall_connector_fault_state: NO_FAULT,
            wall_connector_power: wc.powerW,
          })),
  };
}

/** `now` picks the tariff season whose schedule `tou_settings.schedule` shows. */
export function siteInfoJson(site: EnergySite, now: number) {
  const battery = hasBattery(site);
  const solar = site.solarCapacityW !== null;
  const s = site.settings;
  const nameplatePower = site.powerwalls.reduce((sum, pw) => sum + pw.nameplateMaxDischargeW, 0);
  const nameplateEnergy = site.powerwalls.reduce((sum, pw) => sum + pw.nameplateEnergyWh, 0);
  return {
    id: site.siteNumber,
    site_name: site.siteName,
    backup_reserve_percent: s.backupReservePercent,
    default_real_mode: s.operationMode,
    installation_date: site.installationDate,
    user_settings: {
      go_off_grid_test_banner_enabled: null,
      storm_mode_enabled: s.stormModeEnabled,
      powerwall_onboarding_settings_set: true,
      powerwall_tesla_electric_interested_in: null,
      vpp_tour_enabled: null,
      sync_grid_alert_enabled: true,
      breaker_alert_enabled: false,
      off_grid_vehicle_charging_enabled: site.wallConnectors.length > 0,
    },
    components: {
      solar,
      ...(solar ? { solar_type: 'pv_panel' } : {}),
      battery,
      grid: true,
      backup: battery,
      gateway: site.gateway ? 'teg' : 'gateway_type_none',
      load_meter: true,
      tou_capable: battery,
      storm_mode_capable: battery,
      flex_energy_request_capable: false,
      car_charging_data_supported: site.wallConnectors.length > 0,
      off_grid_vehicle_charging_reserve_supported: battery && site.wallConnectors.length > 0,
      vehicle_charging_performance_view_enabled: false,
      vehicle_charging_solar_offset_view_enabled: false,
      battery_solar_offset_view_enabled: battery && solar,
      solar_value_enabled: solar,
      energy_value_header: 'Energy Value',
      energy_value_subheader: 'Estimated Value',
      energy_service_self_scheduling_enabled: true,
      show_grid_import_battery_source_cards: true,
      set_islanding_mode_enabled: battery,
      wifi_commissioning_enabled: true,
      backup_time_remaining_enabled: battery,
      ...(battery ? { battery_type: 'ac_powerwall' } : {}),
      configurable: battery,
      grid_services_enabled: false,
      gateways: site.gateway
        ? [
            {
              device_id: site.gateway.deviceId,
              din: site.gateway.din,
              serial_number: site.gateway.serialNumber,
              part_number: site.gateway.partNumber,
              part_type: 10,
              part_name: site.gateway.partName,
              is_active: true,
              site_id: site.assetSiteId,
              firmware_version: site.gateway.firmwareVersion.split(' ')[0],
              updated_datetime: site.installationDate,
            },
          ]
        : [],
      batteries: site.powerwalls.map((pw) => ({
        device_id: pw.deviceId,
        ...dinOf(pw.din, site.jsonQuirks?.batteriesWithoutDin),
        serial_number: pw.serialNumber,
        part_number: pw.partNumber,
        part_type: 2,
        part_name: pw.model,
        nameplate_max_charge_power: pw.nameplateMaxChargeW,
        nameplate_max_discharge_power: pw.nameplateMaxDischargeW,
        nameplate_energy: pw.nameplateEnergyWh,
      })),
      wall_connectors: site.wallConnectors.map((wc) => ({
        device_id: wc.deviceId,
        ...dinOf(wc.din, site.jsonQuirks?.wallConnectorsWithoutDin),
        serial_number: wc.serialNumber,
        part_number: wc.partNumber,
        part_type: 12,
        part_name: 'Gen 3 Wall Connector',
        is_active: true,
      })),
      disallow_charge_from_grid_with_solar_installed: s.disallowChargeFromGridWithSolarInstalled,
      customer_preferred_export_rule: s.exportRule,
      net_meter_mode: 'battery_ok',
      system_alerts_enabled: true,
      edit_setting_permission_to_export: site.permissions.editSettingPermissionToExport,
      edit_setting_grid_charging: site.permissions.editSettingGridCharging,
      edit_setting_energy_exports: site.permissions.editSettingEnergyExports,
    },
    version: site.gateway?.firmwareVersion ?? '',
    battery_count: site.powerwalls.length,
    tou_settings: {
      optimization_strategy: 'economics',
      schedule: touScheduleOn(s, localTime(site.timeZone, now)).map((period) => ({
        target: period.target,
        ...(site.jsonQuirks?.scheduleWithoutWeekDays ? {} : { week_days: [...period.weekDays] }),
        start_seconds: period.startSeconds,
        end_seconds: period.endSeconds,
      })),
    },
    // Only once a partner has set one: the simulator has no utility tariff of its own to show.
    ...(s.tariffContentV2 ? { tariff_content_v2: s.tariffContentV2 } : {}),
    nameplate_power: nameplatePower,
    nameplate_energy: nameplateEnergy,
    installation_time_zone: site.jsonQuirks?.emptyTimeZone ? '' : site.timeZone,
    max_site_meter_power_ac: 1_000_000_000,
    min_site_meter_power_ac: -1_000_000_000,
    vpp_backup_reserve_percent: s.backupReservePercent,
    off_grid_vehicle_charging_reserve_percent: s.offGridVehicleChargingReservePercent,
    geolocation: { latitude: round4(site.latitude), longitude: round4(site.longitude), source: 'Site Address Preference' },
  };
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
