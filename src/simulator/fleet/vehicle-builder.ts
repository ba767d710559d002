import type { SeededRandom } from '../random/seeded-random.js';
import type { EnergySite } from './energy-site.js';
import { largeId, vin } from './identifiers.js';
import type { Location } from './locations.js';
import type { Vehicle, VehicleJsonQuirks, VehicleModel, VehicleState } from './vehicle.js';

export type ModelKey = 'model3' | 'modely' | 'models' | 'models_2018' | 'modelx' | 'cybertruck';

const MODELS: Record<ModelKey, VehicleModel & { vinPrefix: string; plant: string }> = {
  model3: { carType: 'model3', name: 'Model 3', trimBadging: '74d', batteryCapacityKwh: 75, ratedRangeMiles: 333, vinPrefix: '5YJ3E1EA', plant: 'F' },
  modely: { carType: 'modely', name: 'Model Y', trimBadging: '74d', batteryCapacityKwh: 75, ratedRangeMiles: 310, vinPrefix: '7SAYGDEE', plant: 'A' },
  models: { carType: 'models', name: 'Model S', trimBadging: '100d', batteryCapacityKwh: 100, ratedRangeMiles: 405, vinPrefix: '5YJSA1E6', plant: 'F' },
  // Pre-2021 Model S: the one kind of car that still accepts unsigned REST commands.
  models_2018: { carType: 'models', name: 'Model S', trimBadging: '75d', batteryCapacityKwh: 75, ratedRangeMiles: 259, vinPrefix: '5YJSA1E2', plant: 'F' },
  modelx: { carType: 'modelx', name: 'Model X', trimBadging: '100d', batteryCapacityKwh: 100, ratedRangeMiles: 348, vinPrefix: '7SAXCBE6', plant: 'F' },
  cybertruck: { carType: 'cybertruck', name: 'Cybertruck', trimBadging: 'awd', batteryCapacityKwh: 123, ratedRangeMiles: 318, vinPrefix: '7G2CEHED', plant: 'A' },
};

/** The Berlin-built Model Y of the EU account. */
const BERLIN_MODEL_Y = { ...MODELS.modely, vinPrefix: 'XP7YGCEK', plant: 'B' };

export type ChargingPlan = 'charging' | 'plugged_in' | 'complete' | 'unplugged';

export interface VehiclePlan {
  model: ModelKey;
  modelYear: number;
  state: VehicleState;
  keyPaired: boolean;
  /** Where the car sleeps; it plugs into that site's first wall connector. */
  home: EnergySite | null;
  charging: ChargingPlan;
  /** Used when the car has no home site. */
  location: Location;
  region: 'na' | 'eu';
  /**
   * Overrides what the vehicle list shows as `command_signing` (default: 'allowed' only for the
   * pre-2021 Model S). fleet_status's `vehicle_command_protocol_required` still follows the model.
   */
  commandSigning?: 'required' | 'allowed';
  /** Default true; false: the owner turned off Allow Mobile Access. */
  mobileAccess?: boolean;
  /** Fields its JSON sends in an unusual form (vehicle.ts); only the JSON differs. */
  jsonQuirks?: VehicleJsonQuirks;
}

const NAMES = ['Sparky', 'Blue Thunder', 'Electra', 'Volt Vader', 'Ohm Sweet Ohm', 'Zappy', 'Red Rocket', 'Silent Bob', 'Kilowatt', 'Road Runner', 'Amp Champ', 'Luna', 'Nikola'];
const COLORS = ['PearlWhite', 'SolidBlack', 'MidnightSilver', 'DeepBlue', 'UltraRed', 'QuicksilverGray'];
const FIRMWARE = ['2024.26.7', '2024.32.5', '2024.38.7', '2024.44.25', '2025.2.6', '2025.8.3'];

export function buildVehicle(rng: SeededRandom, plan: VehiclePlan, startTime: number): Vehicle {
  const model = plan.region === 'eu' && plan.model === 'modely' ? BERLIN_MODEL_Y : MODELS[plan.model];
  const old = plan.model === 'models_2018';
  const capacity = model.batteryCapacityKwh;
  const chargeLimitSoc = rng.pick([80, 80, 85, 90]);
  const limitKwh = (capacity * chargeLimitSoc) / 100;
  const eu = plan.region === 'eu';
  const plugged = plan.charging !== 'unplugged' && plan.home !== null && plan.home.wallConnectors.length > 0;
  const wallConnectorDin = plugged ? (plan.home?.wallConnectors[0]?.din ?? null) : null;

  let energyKwh = capacity * rng.between(0.3, 0.85);
  let session: Vehicle['charging']['session'] = null;
  let lastSessionAddedKwh = rng.between(0, 20);
  if (plugged && plan.charging === 'charging') {
    // Started a little before the simulation, far enough below the limit to charge for hours.
    energyKwh = capacity * rng.between(0.3, 0.5);
    session = { startedAt: startTime - rng.int(10, 90) * 60_000 };
  } else if (plugged && plan.charging === 'complete') {
    energyKwh = limitKwh;
    session = { startedAt: startTime - rng.int(60, 240) * 60_000 };
  } else if (plugged) {
    energyKwh = Math.min(energyKwh, limitKwh - 5);
  }
  const location = plan.home
    ? { latitude: plan.home.latitude, longitude: plan.home.longitude, timeZone: plan.home.timeZone }
    : plan.location;

  return {
    id: largeId(rng),
    vehicleId: largeId(rng),
    vin: vin(rng, model.vinPrefix, plan.modelYear, model.plant),
    displayName: rng.pick(NAMES),
    model: { carType: model.carType, name: model.name, trimBadging: model.trimBadging, batteryCapacityKwh: capacity, ratedRangeMiles: model.ratedRangeMiles },
    modelYear: plan.modelYear,
    exteriorColor: rng.pick(COLORS),
    state: plan.state,
    keyPaired: plan.keyPaired,
    commandSigning: plan.commandSigning ?? (old ? 'allowed' : 'required'),
    vehicleCommandProtocolRequired: !old,
    mobileAccessEnabled: plan.mobileAccess ?? true,
    firmwareVersion: old ? '2024.26.7' : rng.pick(FIRMWARE),
    fleetTelemetryVersion: old ? null : rng.pick(['1.0.0', '1.1.0', '1.2.1']),
    totalNumberOfKeys: rng.int(2, 6),
    homeEnergySiteId: plan.home?.energySiteId ?? null,
    timeZone: location.timeZone,
    latitude: location.latitude + rng.between(-0.001, 0.001),
    longitude: location.longitude + rng.between(-0.001, 0.001),
    heading: rng.int(0, 359),
    odometerMiles: Math.round(rng.between(3_000, old ? 95_000 : 45_000) * 10) / 10,
    units: eu ? 'metric' : 'imperial',
    tokens: [rng.hex(16), rng.hex(16)],
    charging: {
      pluggedIn: plugged,
      energyKwh,
      chargeLimitSoc,
      chargeAmps: eu ? 16 : 32,
      maxAmps: eu ? 16 : 48,
      voltage: eu ? 230 : 240,
      phases: eu ? 3 : 1,
      wallConnectorDin,
      chargePortDoorOpen: plugged,
      session,
      lastSessionAddedKwh,
    },
    ...(plan.jsonQuirks ? { jsonQuirks: { ...plan.jsonQuirks } } : {}),
  };
}
