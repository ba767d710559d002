import { chargeStatusAt, endSession, rebaseSession, startSession } from '../physics/vehicle-charging.js';
import type { Vehicle } from './vehicle.js';

/**
 * The vehicle commands the sandbox understands (tesla-fleet-api.md §6.3) and what they do to a car
 * that is online and reachable. Transport concerns (signing, pairing, sleep) live in the HTTP layer.
 */

export type CommandOutcome =
  | { result: true }
  /** `carSide`: the car refused in its current state (is_charging…); the proxy prefixes those. */
  | { result: false; reason: string; carSide: boolean };

export interface VehicleCommand {
  name: string;
  /** Charging commands need `vehicle_charging_cmds`, the rest `vehicle_cmds`. */
  scope: 'vehicle_charging_cmds' | 'vehicle_cmds';
  run(vehicle: Vehicle, body: Record<string, unknown>, now: number): CommandOutcome;
}

const ok: CommandOutcome = { result: true };
const refused = (reason: string): CommandOutcome => ({ result: false, reason, carSide: true });
const invalid = (reason: string): CommandOutcome => ({ result: false, reason, carSide: false });

function isIntIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

function setLimit(vehicle: Vehicle, now: number, percent: number): CommandOutcome {
  // A session in progress (or completed) continues toward the new limit from here.
  rebaseSession(vehicle, now);
  vehicle.charging.chargeLimitSoc = percent;
  return ok;
}

export const VEHICLE_COMMANDS: readonly VehicleCommand[] = [
  {
    name: 'charge_start',
    scope: 'vehicle_charging_cmds',
    run: (vehicle, _body, now) => {
      if (!vehicle.charging.pluggedIn) return refused('disconnected');
      const status = chargeStatusAt(vehicle, now);
      if (status.chargingState === 'Charging') return refused('is_charging');
      if (status.energyKwh >= (vehicle.model.batteryCapacityKwh * vehicle.charging.chargeLimitSoc) / 100) return refused('complete');
      startSession(vehicle, now);
      return ok;
    },
  },
  {
    name: 'charge_stop',
    scope: 'vehicle_charging_cmds',
    run: (vehicle, _body, now) => {
      if (chargeStatusAt(vehicle, now).chargingState !== 'Charging') return refused('not_charging');
      endSession(vehicle, now);
      return ok;
    },
  },
  {
    name: 'set_charge_limit',
    scope: 'vehicle_charging_cmds',
    run: (vehicle, body, now) => {
      if (!isIntIn(body.percent, 50, 100)) return invalid('invalid charge limit');
      // The limit it already has: the car answers result false, "already_set" (Home Assistant's
      // tesla_fleet helpers.py counts it as success).
      if (body.percent === vehicle.charging.chargeLimitSoc) return refused('already_set');
      return setLimit(vehicle, now, body.percent);
    },
  },
  { name: 'charge_max_range', scope: 'vehicle_charging_cmds', run: (vehicle, _body, now) => setLimit(vehicle, now, 100) },
  { name: 'charge_standard', scope: 'vehicle_charging_cmds', run: (vehicle, _body, now) => setLimit(vehicle, now, 90) },
  {
    name: 'set_charging_amps',
    scope: 'vehicle_charging_cmds',
    run: (vehicle, body, now) => {
      if (!isIntIn(body.charging_amps, 1, vehicle.charging.maxAmps)) return invalid('invalid charging amps');
      rebaseSession(vehicle, now);
      vehicle.charging.chargeAmps = body.charging_amps;
      return ok;
    },
  },
  {
    name: 'charge_port_door_open',
    scope: 'vehicle_charging_cmds',
    run: (vehicle) => {
      vehicle.charging.chargePortDoorOpen = true;
      return ok;
    },
  },
  {
    name: 'charge_port_door_close',
    scope: 'vehicle_charging_cmds',
    run: (vehicle) => {
      // Simulator choice: Tesla's refusal text here is undocumented; the door cannot close on a cable.
      if (vehicle.charging.pluggedIn) return refused('cable_connected');
      vehicle.charging.chargePortDoorOpen = false;
      return ok;
    },
  },
  // Harmless commands with no state the sandbox models: accepted so clients can exercise them.
  { name: 'flash_lights', scope: 'vehicle_cmds', run: () => ok },
  { name: 'honk_horn', scope: 'vehicle_cmds', run: () => ok },
];
