/** A vehicle as the sandbox knows it: identity, connectivity, key pairing and its charging state. */

export type VehicleState = 'online' | 'asleep' | 'offline';
export type CarType = 'model3' | 'modely' | 'models' | 'modelx' | 'cybertruck';

export interface VehicleModel {
  carType: CarType;
  name: string;
  trimBadging: string;
  batteryCapacityKwh: number;
  /** EPA-rated range at 100 %. */
  ratedRangeMiles: number;
}

/**
 * A charging session runs from startedAt at constant power until the pack reaches the charge
 * limit, so the charge level at any instant is a closed-form function of time (see
 * physics/vehicle-charging.ts) and the site physics can ask for wall-connector power at any step.
 */
export interface ChargingSession {
  startedAt: number;
  /** kWh this session added before startedAt: a command that changes amps or limit restarts the closed form. */
  addedBeforeKwh?: number;
}

export interface VehicleCharging {
  pluggedIn: boolean;
  /** Pack energy when the current session started, or now if there is none. */
  energyKwh: number;
  chargeLimitSoc: number;
  chargeAmps: number;
  maxAmps: number;
  voltage: number;
  phases: number;
  /** Always open while plugged in; the door commands move it otherwise. */
  chargePortDoorOpen: boolean;
  /** Where the car is plugged in: a wall connector DIN at its home site, or null elsewhere. */
  wallConnectorDin: string | null;
  session: ChargingSession | null;
  /** kWh added by the last finished session, shown until the next one. */
  lastSessionAddedKwh: number;
}

/**
 * Fields of a car's Tesla JSON sent in an unusual form (absent = none), so the gateway's lenient
 * reading is exercised; the car itself is modelled as usual.
 */
export interface VehicleJsonQuirks {
  /**
   * vehicle_data's charge_state sends `battery_level`, `charge_limit_soc`, `charge_amps` and
   * `charge_current_request` as numeric text (`"80"`), the "a number as text" (no public
   * sample shows it for these keys: a simulator choice).
   */
  numbersAsText?: boolean;
  /**
   * The car's rows in the account's lists carry no VIN: `/products` `vin: null`, `/vehicles` no `vin`
   * key. Its own endpoints still answer by id or VIN. Stands for list rows a client cannot key
   * (openHAB met `/products` rows without a VIN: openhab/openhab-addons#21719).
   */
  listedWithoutVin?: boolean;
}

export interface Vehicle {
  /** Fleet API `id`: integer above 2^31 and below 2^53. */
  id: number;
  /** Fleet API `vehicle_id`, also above 2^31. */
  vehicleId: number;
  vin: string;
  displayName: string;
  model: VehicleModel;
  modelYear: number;
  exteriorColor: string;
  state: VehicleState;
  keyPaired: boolean;
  /** What the vehicle list / products show. It does NOT decide whether REST commands work. */
  commandSigning: 'required' | 'allowed';
  /**
   * What fleet_status reports, and what Tesla enforces: REST commands to such a car answer 403
   * "Tesla Vehicle Command Protocol required…" whatever `commandSigning` says.
   */
  vehicleCommandProtocolRequired: boolean;
  /**
   * The owner's "Allow Mobile Access" (Controls > Safety). Off: the car's data and commands answer
   * 401 `mobile_access_disabled`, while the same token works for every other device.
   */
  mobileAccessEnabled: boolean;
  firmwareVersion: string;
  fleetTelemetryVersion: string | null;
  totalNumberOfKeys: number;
  homeEnergySiteId: number | null;
  timeZone: string;
  latitude: number;
  longitude: number;
  heading: number;
  odometerMiles: number;
  units: 'imperial' | 'metric';
  tokens: string[];
  charging: VehicleCharging;
  /** How its JSON departs from the usual; absent = not at all. */
  jsonQuirks?: VehicleJsonQuirks;
}
