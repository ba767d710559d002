import type { Vehicle } from '../fleet/vehicle.js';
import { chargeStatusAt } from '../physics/vehicle-charging.js';
import { utcOffsetMinutes } from '../time/time-zone.js';

/** Vehicles in Tesla's JSON shapes (tesla-fleet-api.md §6.1–6.2). */

export const VEHICLE_DATA_SECTIONS = [
  'charge_state',
  'climate_state',
  'closures_state',
  'drive_state',
  'gui_settings',
  'location_data',
  'charge_schedule_data',
  'preconditioning_schedule_data',
  'vehicle_config',
  'vehicle_state',
] as const;
export type VehicleDataSection = (typeof VEHICLE_DATA_SECTIONS)[number];

/** What `vehicle_data` returns without an `endpoints` parameter. */
export const DEFAULT_VEHICLE_DATA_SECTIONS: readonly VehicleDataSection[] = [
  'charge_state',
  'vehicle_state',
  'drive_state',
  'climate_state',
  'vehicle_config',
  'gui_settings',
];

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

export function vehicleJson(v: Vehicle) {
  return {
    id: v.id,
    vehicle_id: v.vehicleId,
    vin: v.vin,
    color: null,
    access_type: 'OWNER',
    display_name: v.displayName,
    option_codes: null,
    granular_access: { hide_private: false },
    tokens: [...v.tokens],
    state: v.state,
    in_service: false,
    id_s: String(v.id),
    calendar_enabled: true,
    api_version: 81,
    backseat_token: null,
    backseat_token_updated_at: null,
    ble_autopair_enrolled: false,
  };
}

/** A row of `GET /api/1/vehicles`: the vehicle object, without `vin` for a car listed without one. */
export function vehicleListRowJson(v: Vehicle): Record<string, unknown> {
  const json = vehicleJson(v);
  if (!v.jsonQuirks?.listedWithoutVin) return json;
  const { vin: _vin, ...row } = json;
  return row;
}

export function vehicleProductJson(v: Vehicle, now: number) {
  return {
    ...vehicleJson(v),
    ...(v.jsonQuirks?.listedWithoutVin ? { vin: null } : {}),
    vehicle_config: vehicleConfigJson(v, now),
    command_signing: v.commandSigning,
    release_notes_supported: true,
  };
}

export function vehicleConfigJson(v: Vehicle, now: number) {
  const eu = v.units === 'metric';
  return {
    can_accept_navigation_requests: true,
    can_actuate_trunks: true,
    car_special_type: 'base',
    car_type: v.model.carType,
    charge_port_type: eu ? 'CCS' : 'US',
    default_charge_to_max: false,
    driver_assist: 'TeslaAP3',
    eu_vehicle: eu,
    exterior_color: v.exteriorColor,
    has_air_suspension: v.model.carType === 'models' || v.model.carType === 'modelx',
    has_ludicrous_mode: false,
    key_version: 2,
    motorized_charge_port: true,
    plg: true,
    rhd: false,
    third_row_seats: 'None',
    timestamp: Math.floor(now),
    trim_badging: v.model.trimBadging,
    use_range_badging: true,
    utc_offset: utcOffsetMinutes(v.timeZone, now) * 60,
    wheel_type: 'Pinwheel18',
  };
}

export function chargeStateJson(v: Vehicle, now: number) {
  const c = v.charging;
  const status = chargeStatusAt(v, now);
  // The `numbersAsText` quirk: these numbers go out as text ("80").
  const n = v.jsonQuirks?.numbersAsText ? (value: number) => String(value) : (value: number) => value;
  const charging = status.chargingState === 'Charging';
  const capacity = v.model.batteryCapacityKwh;
  const rangeMiles = (v.model.ratedRangeMiles * status.energyKwh) / capacity;
  const powerKw = status.powerW / 1000;
  return {
    battery_heater_on: false,
    battery_level: n(status.batteryLevel),
    usable_battery_level: Math.max(0, status.batteryLevel - 1),
    battery_range: round2(rangeMiles),
    est_battery_range: round2(rangeMiles * 0.93),
    ideal_battery_range: round2(rangeMiles),
    energy_remaining: round2(status.energyKwh),
    charge_limit_soc: n(c.chargeLimitSoc),
    charge_limit_soc_min: 50,
    charge_limit_soc_max: 100,
    charge_limit_soc_std: 90,
    charge_amps: n(c.chargeAmps),
    charge_current_request: n(c.chargeAmps),
    charge_current_request_max: c.maxAmps,
    charge_enable_request: charging,
    charger_actual_current: charging ? c.chargeAmps : 0,
    charger_pilot_current: c.pluggedIn ? c.maxAmps : 0,
    // A plugged-in car that is not drawing current reads a couple of volts, as real cars do.
    charger_voltage: charging ? c.voltage : c.pluggedIn ? 2 : 0,
    charger_power: Math.round(powerKw),
    charger_phases: c.pluggedIn ? c.phases : null,
    charge_rate: charging ? round2((powerKw / capacity) * v.model.ratedRangeMiles) : 0,
    charging_state: status.chargingState,
    charge_energy_added: round2(status.energyAddedKwh),
    charge_miles_added_rated: round2((status.energyAddedKwh / capacity) * v.model.ratedRangeMiles),
    charge_miles_added_ideal: round2((status.energyAddedKwh / capacity) * v.model.ratedRangeMiles),
    minutes_to_full_charge: status.minutesToFull,
    time_to_full_charge: round2(status.minutesToFull / 60),
    charge_port_door_open: c.pluggedIn || c.chargePortDoorOpen,
    charge_port_latch: c.pluggedIn ? 'Engaged' : 'Disengaged',
    charge_port_color: charging ? 'Green' : 'Off',
    conn_charge_cable: c.pluggedIn ? (v.units === 'metric' ? 'IEC' : 'SAE') : '<invalid>',
    fast_charger_present: false,
    fast_charger_brand: '<invalid>',
    fast_charger_type: c.pluggedIn ? 'ACSingleWireCAN' : '<invalid>',
    scheduled_charging_mode: 'Off',
    scheduled_charging_pending: false,
    scheduled_charging_start_time: null,
    scheduled_departure_time_minutes: 480,
    off_peak_charging_enabled: false,
    off_peak_charging_times: 'all_week',
    preconditioning_enabled: false,
    preconditioning_times: 'all_week',
    trip_charging: false,
    user_charge_enable_request: null,
    timestamp: Math.floor(now),
  };
}

function driveStateJson(v: Vehicle, now: number, withLocation: boolean) {
  const base = { power: 0, shift_state: null, speed: null, timestamp: Math.floor(now) };
  if (!withLocation) return base;
  return {
    ...base,
    gps_as_of: Math.floor(now / 1000),
    heading: v.heading,
    latitude: v.latitude,
    longitude: v.longitude,
    native_latitude: v.latitude,
    native_longitude: v.longitude,
    native_location_supported: 1,
    native_type: 'wgs',
  };
}

function climateStateJson(now: number) {
  return {
    battery_heater: false,
    climate_keeper_mode: 'off',
    defrost_mode: 0,
    driver_temp_setting: 21,
    passenger_temp_setting: 21,
    fan_status: 0,
    inside_temp: 22.5,
    outside_temp: 18,
    is_auto_conditioning_on: false,
    is_climate_on: false,
    is_front_defroster_on: false,
    is_rear_defroster_on: false,
    is_preconditioning: false,
    seat_heater_left: 0,
    seat_heater_right: 0,
    side_mirror_heaters: false,
    timestamp: Math.floor(now),
  };
}

function guiSettingsJson(v: Vehicle, now: number) {
  const metric = v.units === 'metric';
  return {
    gui_24_hour_time: metric,
    gui_charge_rate_units: metric ? 'kW' : 'mi/hr',
    gui_distance_units: metric ? 'km/hr' : 'mi/hr',
    gui_range_display: 'Rated',
    gui_temperature_units: metric ? 'C' : 'F',
    gui_tirepressure_units: metric ? 'Bar' : 'Psi',
    show_range_units: false,
    timestamp: Math.floor(now),
  };
}

function closuresJson() {
  return { df: 0, dr: 0, pf: 0, pr: 0, ft: 0, rt: 0, fd_window: 0, fp_window: 0, rd_window: 0, rp_window: 0, locked: true };
}

function vehicleStateJson(v: Vehicle, now: number) {
  return {
    api_version: 81,
    car_version: `${v.firmwareVersion} ${v.tokens[0]?.slice(0, 12) ?? ''}`,
    center_display_state: 0,
    ...closuresJson(),
    is_user_present: false,
    odometer: v.odometerMiles,
    sentry_mode: false,
    sentry_mode_available: true,
    software_update: { status: '', version: ' ', download_perc: 0, install_perc: 1, expected_duration_sec: 2700 },
    valet_mode: false,
    vehicle_name: v.displayName,
    timestamp: Math.floor(now),
  };
}

export function vehicleDataJson(v: Vehicle, now: number, sections: readonly VehicleDataSection[], locationAllowed: boolean) {
  const wanted = new Set(sections);
  // Since firmware 2023.38 location comes only when asked for (location_data) and, since 2025,
  // only with the vehicle_location scope; a request without `endpoints` counts as asking.
  const withLocation = locationAllowed && (wanted.has('location_data') || sections === DEFAULT_VEHICLE_DATA_SECTIONS);
  const out: Record<string, unknown> = { ...vehicleJson(v) };
  if (wanted.has('charge_state')) out.charge_state = chargeStateJson(v, now);
  if (wanted.has('climate_state')) out.climate_state = climateStateJson(now);
  if (wanted.has('closures_state')) out.closures_state = { ...closuresJson(), timestamp: Math.floor(now) };
  if (wanted.has('drive_state') || wanted.has('location_data')) out.drive_state = driveStateJson(v, now, withLocation);
  if (wanted.has('gui_settings')) out.gui_settings = guiSettingsJson(v, now);
  if (wanted.has('vehicle_config')) out.vehicle_config = vehicleConfigJson(v, now);
  if (wanted.has('vehicle_state')) out.vehicle_state = vehicleStateJson(v, now);
  if (wanted.has('charge_schedule_data')) out.charge_schedule_data = { charge_schedules: [], next_schedule: false, show_charge_schedules: true };
  if (wanted.has('preconditioning_schedule_data')) out.preconditioning_schedule_data = { precondition_schedules: [] };
  return out;
}

export function fleetStatusJson(vehicles: readonly Vehicle[]) {
  return {
    key_paired_vins: vehicles.filter((v) => v.keyPaired).map((v) => v.vin),
    unpaired_vins: vehicles.filter((v) => !v.keyPaired).map((v) => v.vin),
    vehicle_info: Object.fromEntries(
      vehicles.map((v) => [
        v.vin,
        {
          vehicle_command_protocol_required: v.vehicleCommandProtocolRequired,
          safety_screen_streaming_toggle_enabled: null,
          firmware_version: v.firmwareVersion,
          fleet_telemetry_version: v.fleetTelemetryVersion,
          total_number_of_keys: v.totalNumberOfKeys,
          ...(vehicles.length === 1 ? { discounted_device_data: false } : {}),
        },
      ]),
    ),
  };
}
