import { z } from 'zod';

/**
 * Zod shapes of the Fleet API responses the gateway reads (tesla-fleet-api.md §5–6). They are loose:
 * Tesla adds fields freely, and a missing optional field must not fail a whole fleet query. Ids are
 * normalised to decimal strings because they exceed 32 bits.
 */
const teslaId = z.union([z.number(), z.string()]).transform((v) => String(v));
const optionalString = z.string().nullish();

// ---- Lenient reading (site, energy and vehicle shapes) -------------------------------------
//
// One field Tesla sends differently (a battery without `din`, a schedule row without `week_days`,
// a number as text, an unexpected type, a list row without a `vin`) must not make a whole
// site_info, live_status, vehicle_data or vehicle list unreadable: that would block every command
// on the site or car, or hide every car of the account. Fields the gateway uses are read leniently: a value
// that does not fit becomes "absent", a list row that does not fit is left out, and unknown keys are
// kept (loose objects). What was skipped is reported once per shape and path through a hook, which
// the gateway points at its logger; this module knows no logger.

/** A field or list row the gateway could not read and skipped. */
export interface SkippedTeslaField {
  /** The response shape, e.g. `site_info`. */
  shape: string;
  /** Where in it, e.g. `components.batteries[]`. */
  path: string;
  problem: string;
}

let skippedListener: ((skipped: SkippedTeslaField) => void) | null = null;
const reportedSkips = new Set<string>();
/** Enough distinct shapes to see every kind of problem; a misbehaving upstream cannot grow it without bound. */
const MAX_REPORTED_SKIPS = 500;

/** Where skipped fields are reported (once per shape, path and problem); null stops reporting. */
export function onSkippedTeslaField(listener: ((skipped: SkippedTeslaField) => void) | null): void {
  skippedListener = listener;
}

/** Reports a skipped field, once per shape, path and problem. Also used by the gateway's mapping (unknown enum values). */
export function reportSkippedTeslaField(shape: string, path: string, problem: string): void {
  const key = `${shape}\u0000${path}\u0000${problem}`;
  if (reportedSkips.has(key) || reportedSkips.size >= MAX_REPORTED_SKIPS) return;
  reportedSkips.add(key);
  skippedListener?.({ shape, path, problem });
}

/** A value (not the whole response) that does not fit its schema reads as absent, and is reported. */
function lenient<T extends z.ZodType>(schema: T, shape: string, path: string) {
  return schema.nullish().catch((ctx) => {
    reportSkippedTeslaField(shape, path, ctx.error.issues[0]?.message ?? 'unreadable value');
    return undefined;
  });
}

/** What a row that does not fit its schema is reported with: each problem with its place in the row. */
function rowProblem(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(row)'}: ${i.message}`).join('; ');
}

/** Rows read one by one: a row that does not fit is left out (and reported), not the list. */
function readRows<T extends z.ZodType>(row: T, rows: readonly unknown[], shape: string, path: string): z.output<T>[] {
  const kept: z.output<T>[] = [];
  for (const item of rows) {
    const parsed = row.safeParse(item);
    if (parsed.success) kept.push(parsed.data);
    else reportSkippedTeslaField(shape, `${path}[]`, rowProblem(parsed.error));
  }
  return kept;
}

/** A list whose rows are read one by one: a row that does not fit is left out (and reported), not the list. */
function lenientList<T extends z.ZodType>(row: T, shape: string, path: string) {
  return lenient(z.array(z.unknown()), shape, path).transform((rows) => (rows == null ? rows : readRows(row, rows, shape, path)));
}

const num = (shape: string, path: string) => lenient(z.number(), shape, path);
const bool = (shape: string, path: string) => lenient(z.boolean(), shape, path);
const str = (shape: string, path: string) => lenient(z.string(), shape, path);
/**
 * A number, or one Tesla sent as text (`"80"`): read as that number, losing nothing. Anything else
 * (`""`, `"n/a"`, an object) reads as absent and is reported, like `num`.
 */
const numeric = (shape: string, path: string) =>
  lenient(
    z.union(
      [
        z.number(),
        z
          .string()
          .regex(/^\s*-?\d+(\.\d+)?\s*$/)
          .transform((text) => Number(text)),
      ],
      { error: 'expected a number or numeric text' },
    ),
    shape,
    path,
  );

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
  resource_type: str('products', 'resource_type'),
  site_name: str('products', 'site_name'),
  id: lenient(z.union([z.string(), z.number()]), 'products', 'id'),
  components: lenient(
    z.looseObject({
      battery: bool('products', 'components.battery'),
      solar: bool('products', 'components.solar'),
      grid: bool('products', 'components.grid'),
      wall_connectors: lenientList(
        z.looseObject({ din: str('products', 'components.wall_connectors[].din'), device_id: str('products', 'components.wall_connectors[].device_id'), is_active: bool('products', 'components.wall_connectors[].is_active') }),
        'products',
        'components.wall_connectors',
      ),
    }),
    'products',
    'components',
  ),
});

/**
 * A car as a list shows it (`/products`, `/vehicles`; `shape` names which). The gateway keys cars by
 * VIN and commands them by it, so a row without a usable `vin` or `id` is left out of the list and
 * reported, never the whole list (openHAB's Tesla binding met `/products` rows without a VIN that
 * aborted its whole loop: openhab/openhab-addons#21719). Every other field is read leniently.
 */
const vehicleRow = (shape: string) =>
  z.looseObject({
    id: teslaId,
    vehicle_id: lenient(teslaId, shape, 'vehicle_id'),
    vin: z.string().min(1),
    display_name: str(shape, 'display_name'),
    state: str(shape, 'state'),
    command_signing: str(shape, 'command_signing'),
  });
const vehicleProduct = vehicleRow('products');
const vehicleListRow = vehicleRow('vehicles');

export type EnergyProduct = z.infer<typeof energyProduct>;
export type VehicleSummary = z.infer<typeof vehicleProduct>;

/** `/products` mixes vehicles and energy sites; tell them apart by their keys. One unreadable row is left out, not the listing. */
export const productsResponse = z.array(z.unknown()).transform((items) => {
  const energySites: EnergyProduct[] = [];
  const vehicles: VehicleSummary[] = [];
  for (const item of items) {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      reportSkippedTeslaField('products', 'response[]', 'not an object');
    } else if ('energy_site_id' in item) {
      // One unreadable energy product (no usable id) is left out, not the account's whole listing.
      const parsed = energyProduct.safeParse(item);
      if (parsed.success) energySites.push(parsed.data);
      else reportSkippedTeslaField('products', 'energy_site_id', parsed.error.issues[0]?.message ?? 'unreadable energy product');
    } else if ('vin' in item || 'vehicle_id' in item) {
      const parsed = vehicleProduct.safeParse(item);
      if (parsed.success) vehicles.push(parsed.data);
      else reportSkippedTeslaField('products', 'response[] (vehicle)', rowProblem(parsed.error));
    }
  }
  return { energySites, vehicles };
});
export type ProductsResponse = z.infer<typeof productsResponse>;

/** A whole number from whatever Tesla sends (number, numeric text), else null. */
const pageNumber = z.unknown().transform((value) => {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) ? n : null;
});

/**
 * One page of `GET /api/1/vehicles` (the whole body, not just `response`): 100 cars a page
 * (`page`, `per_page`; tesla-fleet-api.md §6.1). Newer answers add `pagination {previous, next,
 * current, per_page, count, pages}`; sources disagree on whether `count` is the account's total
 * (Tesla's samples with one car cannot tell) or this page's (tesla-api.timdorr.com: "use the
 * response count to determine if another request should be made"), so the reader follows
 * `pagination.next` when it is there and otherwise keeps going while pages come back full.
 */
export const vehiclesPageResponse = z
  .looseObject({
    response: z.array(z.unknown()),
    count: pageNumber.optional(),
    pagination: z
      .looseObject({ next: pageNumber.optional(), current: pageNumber.optional(), pages: pageNumber.optional() })
      .nullish()
      .catch(null),
  })
  // `rows`: how many rows Tesla sent, read or not (a full page means more may follow).
  .transform((page) => ({ ...page, rows: page.response.length, response: readRows(vehicleListRow, page.response, 'vehicles', 'response') }));

const VE = 'vehicle';

/** One car (`GET /vehicles/{id}`, and `wake_up`'s answer): only `state` is read, and nothing in it fails the read. */
export const vehicleResponse = z.looseObject({
  id: lenient(teslaId, VE, 'id'),
  vin: str(VE, 'vin'),
  state: str(VE, 'state'),
});

const SI = 'site_info';

/**
 * A Powerwall row. `din` may be missing (tesla-fleet-api.md §11; Home Assistant's tesla_fleet and
 * teslemetry site_info fixtures even list no rows for a 3-battery site): the gateway then keys the
 * unit by its part and serial number, device id or position (inventory-discovery.ts).
 */
const battery = z.looseObject({
  device_id: str(SI, 'components.batteries[].device_id'),
  din: str(SI, 'components.batteries[].din'),
  serial_number: str(SI, 'components.batteries[].serial_number'),
  part_number: str(SI, 'components.batteries[].part_number'),
  part_name: str(SI, 'components.batteries[].part_name'),
  nameplate_energy: num(SI, 'components.batteries[].nameplate_energy'),
  nameplate_max_discharge_power: num(SI, 'components.batteries[].nameplate_max_discharge_power'),
  nameplate_max_charge_power: num(SI, 'components.batteries[].nameplate_max_charge_power'),
});

const wallConnector = z.looseObject({
  device_id: str(SI, 'components.wall_connectors[].device_id'),
  din: str(SI, 'components.wall_connectors[].din'),
  serial_number: str(SI, 'components.wall_connectors[].serial_number'),
  part_number: str(SI, 'components.wall_connectors[].part_number'),
  part_name: str(SI, 'components.wall_connectors[].part_name'),
  is_active: bool(SI, 'components.wall_connectors[].is_active'),
});

/** A `tou_settings.schedule` row; `week_days` may be missing (every day, as read by the gateway). */
const scheduleRow = z.looseObject({
  target: z.string(),
  week_days: lenient(z.array(z.number()), SI, 'tou_settings.schedule[].week_days'),
  start_seconds: z.number(),
  end_seconds: z.number(),
});

export const siteInfoResponse = z.looseObject({
  id: lenient(z.union([z.string(), z.number()]), SI, 'id'),
  site_name: str(SI, 'site_name'),
  backup_reserve_percent: num(SI, 'backup_reserve_percent'),
  /** Kept as text: an operation mode the gateway does not know maps to "unknown", it does not fail the read. */
  default_real_mode: str(SI, 'default_real_mode'),
  /** IANA name; Tesla sends "" for some sites (Home Assistant's site_info fixtures). */
  installation_time_zone: str(SI, 'installation_time_zone'),
  version: str(SI, 'version'),
  battery_count: num(SI, 'battery_count'),
  nameplate_power: num(SI, 'nameplate_power'),
  nameplate_energy: num(SI, 'nameplate_energy'),
  user_settings: lenient(z.looseObject({ storm_mode_enabled: bool(SI, 'user_settings.storm_mode_enabled') }), SI, 'user_settings'),
  tou_settings: lenient(
    z.looseObject({
      optimization_strategy: str(SI, 'tou_settings.optimization_strategy'),
      schedule: lenientList(scheduleRow, SI, 'tou_settings.schedule'),
    }),
    SI,
    'tou_settings',
  ),
  /** Top level in site_info (tesla-fleet-api.md §5.3), when the site has a tariff; kept whole, compared by meaning (dispatch-plan.ts). */
  tariff_content_v2: lenient(z.record(z.string(), z.unknown()), SI, 'tariff_content_v2'),
  components: lenient(
    z.looseObject({
      solar: bool(SI, 'components.solar'),
      battery: bool(SI, 'components.battery'),
      grid: bool(SI, 'components.grid'),
      customer_preferred_export_rule: str(SI, 'components.customer_preferred_export_rule'),
      disallow_charge_from_grid_with_solar_installed: bool(SI, 'components.disallow_charge_from_grid_with_solar_installed'),
      edit_setting_permission_to_export: bool(SI, 'components.edit_setting_permission_to_export'),
      edit_setting_grid_charging: bool(SI, 'components.edit_setting_grid_charging'),
      batteries: lenientList(battery, SI, 'components.batteries'),
      wall_connectors: lenientList(wallConnector, SI, 'components.wall_connectors'),
    }),
    SI,
    'components',
  ),
});
export type SiteInfo = z.infer<typeof siteInfoResponse>;

const LS = 'live_status';

/** Every field optional: newer gateways leave out `energy_left` (tesla-fleet-api.md §11), a solar-only site reports 0 of 1 Wh. */
export const liveStatusResponse = z.looseObject({
  timestamp: str(LS, 'timestamp'),
  solar_power: num(LS, 'solar_power'),
  battery_power: num(LS, 'battery_power'),
  load_power: num(LS, 'load_power'),
  grid_power: num(LS, 'grid_power'),
  generator_power: num(LS, 'generator_power'),
  grid_services_power: num(LS, 'grid_services_power'),
  grid_services_active: bool(LS, 'grid_services_active'),
  percentage_charged: num(LS, 'percentage_charged'),
  energy_left: num(LS, 'energy_left'),
  total_pack_energy: num(LS, 'total_pack_energy'),
  /** Text, mapped by the gateway: an unknown value is "unknown", not an unreadable response. */
  grid_status: str(LS, 'grid_status'),
  island_status: str(LS, 'island_status'),
  storm_mode_active: bool(LS, 'storm_mode_active'),
  backup_capable: bool(LS, 'backup_capable'),
  wall_connectors: lenientList(
    z.looseObject({ din: str(LS, 'wall_connectors[].din'), vin: str(LS, 'wall_connectors[].vin'), wall_connector_power: num(LS, 'wall_connectors[].wall_connector_power') }),
    LS,
    'wall_connectors',
  ),
});
export type LiveStatus = z.infer<typeof liveStatusResponse>;

export const calendarHistoryResponse = z.looseObject({
  period: optionalString,
  installation_time_zone: optionalString,
  time_series: z.array(z.looseObject({ timestamp: z.string() })).nullish(),
});

const VD = 'vehicle_data';

/**
 * The charge_state fields the gateway reads, each on its own: one Tesla sends differently (a number
 * as text, an unexpected type) does not make the car's whole vehicle_data unreadable, which would
 * blank its charge state and leave a timed-out command unverifiable. Numbers sent as text are read
 * as numbers; other keys are kept as sent.
 */
export const chargeState = z.looseObject({
  battery_level: numeric(VD, 'charge_state.battery_level'),
  charge_limit_soc: numeric(VD, 'charge_state.charge_limit_soc'),
  /** Text: Disconnected, NoPower, Starting, Charging, Complete, Stopped; a value the gateway does not know passes through. */
  charging_state: str(VD, 'charge_state.charging_state'),
  charger_power: numeric(VD, 'charge_state.charger_power'),
  charge_amps: numeric(VD, 'charge_state.charge_amps'),
  charge_current_request: numeric(VD, 'charge_state.charge_current_request'),
});

export const vehicleDataResponse = z.looseObject({
  id: lenient(teslaId, VD, 'id'),
  vin: str(VD, 'vin'),
  state: str(VD, 'state'),
  charge_state: lenient(chargeState, VD, 'charge_state'),
});
export type VehicleData = z.infer<typeof vehicleDataResponse>;

const FS = 'fleet_status';

/** Read as leniently as vehicle_data: it decides how commands are routed, so one odd value must not blank it. Other keys are kept as sent. */
export const fleetStatusResponse = z.looseObject({
  key_paired_vins: lenientList(z.string(), FS, 'key_paired_vins'),
  unpaired_vins: lenientList(z.string(), FS, 'unpaired_vins'),
  vehicle_info: lenient(
    z.record(
      z.string(),
      lenient(z.looseObject({ vehicle_command_protocol_required: bool(FS, 'vehicle_info.*.vehicle_command_protocol_required') }), FS, 'vehicle_info.*'),
    ),
    FS,
    'vehicle_info',
  ),
});
export type FleetStatus = z.infer<typeof fleetStatusResponse>;

/** Any of Tesla's energy-command dialects: `{code,message}`, `{Code,Message}`, `""` or nothing. */
export const energyCommandResponse = z.unknown();

/** `{result, reason}`: a car's own refusal is a 200 with result false and its reason. */
export const vehicleCommandResponse = z.looseObject({ result: z.boolean().nullish(), reason: z.string().nullish() });
export type VehicleCommandResult = z.infer<typeof vehicleCommandResponse>;

/**
 * `POST /api/1/partner_accounts`: the app's registration. Only `domain` and `public_key` are read;
 * the key comes back as the uncompressed P-256 point in hex or as PEM, depending on who reports it
 * (Tesla samples and client libraries differ), so both are accepted.
 */
export const partnerAccountResponse = z.looseObject({
  domain: z.string().optional(),
  public_key: z.string().nullish(),
});

/** `GET /api/1/partner_accounts/public_key?domain=`: the key Tesla fetched from the domain. */
export const partnerPublicKeyResponse = z.looseObject({ public_key: z.string() });
