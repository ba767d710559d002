import { z } from 'zod';

/**
 * Zod shapes of the Fleet API responses the gateway reads (tesla-fleet-api.md §5–6). They are loose:
 * Tesla adds fields freely, and a missing optional field must not fail a whole fleet query. Ids are
 * normalised to decimal strings because they exceed 32 bits.
 */
const teslaId = z.union([z.number(), z.string()]).transform((v) => String(v));
const optionalNumber = z.number().nullish();
const optionalBool = z.boolean().nullish();
const optionalString = z.string().nullish();

export const regionResponse = z.looseObject({
  region: z.string(),
  fleet_api_base_url: z.string(),
});
export type RegionResponse = z.infer<typeof regionResponse>;

export const meResponse = z.looseObject({
  email: optionalString,
  full_name: optionalString,
});

const energyProduct = z.looseObject({
  energy_site_id: teslaId,
  resource_type: optionalString,
  site_name: optionalString,
  id: z.union([z.string(), z.number()]).nullish(),
  components: z
    .looseObject({
      battery: optionalBool,
      solar: optionalBool,
      grid: optionalBool,
      wall_connectors: z.array(z.looseObject({ din: optionalString, device_id: optionalString, is_active: optionalBool })).nullish(),
    })
    .nullish(),
});

const vehicleProduct = z.looseObject({
  id: teslaId,
  vehicle_id: teslaId.nullish(),
  vin: z.string(),
  display_name: optionalString,
  state: optionalString,
  command_signing: optionalString,
});

export type EnergyProduct = z.infer<typeof energyProduct>;
export type VehicleSummary = z.infer<typeof vehicleProduct>;

/** `/products` mixes vehicles and energy sites; tell them apart by their keys. */
export const productsResponse = z.array(z.looseObject({})).transform((items) => {
  const energySites: EnergyProduct[] = [];
  const vehicles: VehicleSummary[] = [];
  for (const item of items) {
    if ('energy_site_id' in item) energySites.push(energyProduct.parse(item));
    else if ('vin' in item) vehicles.push(vehicleProduct.parse(item));
  }
  return { energySites, vehicles };
});
export type ProductsResponse = z.infer<typeof productsResponse>;

export const vehiclesResponse = z.array(vehicleProduct);
export const vehicleResponse = vehicleProduct;

const battery = z.looseObject({
  device_id: optionalString,
  din: z.string(),
  serial_number: optionalString,
  part_name: optionalString,
  nameplate_energy: optionalNumber,
  nameplate_max_discharge_power: optionalNumber,
  nameplate_max_charge_power: optionalNumber,
});

export const siteInfoResponse = z.looseObject({
  id: z.union([z.string(), z.number()]).nullish(),
  site_name: optionalString,
  backup_reserve_percent: optionalNumber,
  default_real_mode: optionalString,
  installation_time_zone: optionalString,
  version: optionalString,
  battery_count: optionalNumber,
  nameplate_power: optionalNumber,
  nameplate_energy: optionalNumber,
  user_settings: z.looseObject({ storm_mode_enabled: optionalBool }).nullish(),
  tou_settings: z
    .looseObject({
      optimization_strategy: optionalString,
      schedule: z.array(z.looseObject({ target: z.string(), week_days: z.array(z.number()).nullish(), start_seconds: z.number(), end_seconds: z.number() })).nullish(),
    })
    .nullish(),
  /** Top level in site_info (tesla-fleet-api.md §5.3), when the site has a tariff. */
  tariff_content_v2: z.record(z.string(), z.unknown()).nullish(),
  components: z
    .looseObject({
      solar: optionalBool,
      battery: optionalBool,
      grid: optionalBool,
      customer_preferred_export_rule: optionalString,
      disallow_charge_from_grid_with_solar_installed: optionalBool,
      edit_setting_permission_to_export: optionalBool,
      edit_setting_grid_charging: optionalBool,
      batteries: z.array(battery).nullish(),
      wall_connectors: z.array(z.looseObject({ device_id: optionalString, din: z.string(), part_name: optionalString, is_active: optionalBool })).nullish(),
    })
    .nullish(),
});
export type SiteInfo = z.infer<typeof siteInfoResponse>;

export const liveStatusResponse = z.looseObject({
  timestamp: optionalString,
  solar_power: optionalNumber,
  battery_power: optionalNumber,
  load_power: optionalNumber,
  grid_power: optionalNumber,
  generator_power: optionalNumber,
  grid_services_power: optionalNumber,
  grid_services_active: optionalBool,
  percentage_charged: optionalNumber,
  energy_left: optionalNumber,
  total_pack_energy: optionalNumber,
  grid_status: optionalString,
  island_status: optionalString,
  storm_mode_active: optionalBool,
  backup_capable: optionalBool,
});
export type LiveStatus = z.infer<typeof liveStatusResponse>;

export const calendarHistoryResponse = z.looseObject({
  period: optionalString,
  installation_time_zone: optionalString,
  time_series: z.array(z.looseObject({ timestamp: z.string() })).nullish(),
});

export const chargeState = z.looseObject({
  battery_level: optionalNumber,
  charge_limit_soc: optionalNumber,
  charging_state: optionalString,
  charger_power: optionalNumber,
  charge_amps: optionalNumber,
  charge_current_request: optionalNumber,
});

export const vehicleDataResponse = z.looseObject({
  id: teslaId.nullish(),
  vin: optionalString,
  state: optionalString,
  charge_state: chargeState.nullish(),
});
export type VehicleData = z.infer<typeof vehicleDataResponse>;

export const fleetStatusResponse = z.looseObject({
  key_paired_vins: z.array(z.string()).nullish(),
  unpaired_vins: z.array(z.string()).nullish(),
  vehicle_info: z
    .record(
      z.string(),
      z.looseObject({
        vehicle_command_protocol_required: optionalBool,
        firmware_version: optionalString,
        total_number_of_keys: optionalNumber,
      }),
    )
    .nullish(),
});
export type FleetStatus = z.infer<typeof fleetStatusResponse>;

/** Any of Tesla's energy-command dialects: `{code,message}`, `{Code,Message}`, `""` or nothing. */
export const energyCommandResponse = z.unknown();

/** `{result, reason}`: a car's own refusal is a 200 with result false and its reason. */
export const vehicleCommandResponse = z.looseObject({ result: z.boolean().nullish(), reason: z.string().nullish() });
export type VehicleCommandResult = z.infer<typeof vehicleCommandResponse>;
