import { VEHICLE_COMMANDS, type CommandOutcome, type VehicleCommand } from '../fleet/vehicle-commands.js';
import type { Vehicle } from '../fleet/vehicle.js';
import { commandResultJson } from '../tesla-json/command-replies.js';
import { vehicleJson } from '../tesla-json/vehicle.js';
import type { FleetEndpoint, FleetRequest } from './fleet-pipeline.js';
import { teslaError, teslaOk, VEHICLE_UNAVAILABLE, vehicleUnavailable, type Reply } from './replies.js';

/**
 * `wake_up` and vehicle commands (tesla-fleet-api.md §6.1, §6.3–6.4), in two transports:
 * - 'rest': Tesla's unsigned `/api/1/vehicles/{tag}/command/{name}`, which only cars whose
 *   fleet_status says `vehicle_command_protocol_required: false` (pre-2021 Model S/X) still accept;
 *   asleep or offline → 408.
 * - 'proxy': Tesla's vehicle-command HTTP proxy, which signs with the app's key: the key must be
 *   paired with the car; asleep or offline → 503, unpaired → 500 (both as Tesla's proxy answers).
 * Both count as `command:<name>` against the car's VIN and its "Device Commands" budget.
 */

export type CommandTransport = 'rest' | 'proxy';

const PROTOCOL_REQUIRED =
  'Tesla Vehicle Command Protocol required, please refer to the documentation here: https://developer.tesla.com/docs/fleet-api#2023-10-09-rest-api-vehicle-commands-endpoint-deprecation-warning';
const KEY_NOT_PAIRED = 'vehicle rejected request: your public key has not been paired with the vehicle';
/** How the proxy words a refusal the car reports (VC `infotainment.go`); REST passes the bare reason. */
const CAR_REFUSAL_PREFIX = 'car could not execute command: ';

export const WAKE_UP_ENDPOINT: FleetEndpoint = {
  name: 'wake_up',
  method: 'POST',
  path: '/api/1/vehicles/:tag/wake_up',
  anyScope: ['vehicle_cmds'],
  device: 'vehicle',
  rateLimit: 'wakes',
  // Answers at once with the state as it is (usually still asleep); the car connects later.
  handle: (req, { vehicle }) => {
    const noAccess = mobileAccessDisabled(vehicle);
    if (noAccess) return noAccess;
    req.sandbox.wakes.request(vehicle);
    return teslaOk(vehicleJson(vehicle));
  },
};

/**
 * A car whose owner turned off Allow Mobile Access: 401 with Tesla's bare key (python-tesla-fleet-api
 * `exceptions.py` MobileAccessDisabled, status 401, key `mobile_access_disabled`). The token is fine.
 */
export function mobileAccessDisabled(vehicle: Vehicle): Reply | undefined {
  return vehicle.mobileAccessEnabled ? undefined : teslaError(401, 'mobile_access_disabled');
}

/** Whether the command can reach the car at all over this transport. */
function unreachable(vehicle: Vehicle, via: CommandTransport): Reply | undefined {
  const noAccess = mobileAccessDisabled(vehicle);
  if (noAccess) return noAccess;
  if (via === 'rest') {
    // The backend refuses unsigned commands before it tries to reach the car, by what fleet_status
    // says (vehicle_command_protocol_required), not by the list's `command_signing`: a car showing
    // "allowed" may still need the protocol (Tesla's 2023-11 REST deprecation; §11 of the facts).
    if (vehicle.vehicleCommandProtocolRequired) return teslaError(403, PROTOCOL_REQUIRED);
    if (vehicle.state !== 'online') return vehicleUnavailable();
    return undefined;
  }
  // 503 since Tesla's maintainers changed it from 500 (VC #226).
  if (vehicle.state !== 'online') return teslaError(503, VEHICLE_UNAVAILABLE);
  // Cars that predate the protocol get the proxy's REST fallback, which needs no key.
  if (vehicle.vehicleCommandProtocolRequired && !vehicle.keyPaired) return teslaError(500, KEY_NOT_PAIRED);
  return undefined;
}

function outcomeReply(outcome: CommandOutcome, via: CommandTransport): Reply {
  if (outcome.result) return teslaOk(commandResultJson(true));
  const prefix = via === 'proxy' && outcome.carSide ? CAR_REFUSAL_PREFIX : '';
  return teslaOk(commandResultJson(false, prefix + outcome.reason));
}

async function runCommand(req: FleetRequest, vehicle: Vehicle, command: VehicleCommand, via: CommandTransport): Promise<Reply> {
  const blocked = unreachable(vehicle, via);
  if (blocked) return blocked;
  const body = await req.ctx.body();
  let outcome: CommandOutcome = { result: true };
  req.sandbox.world.updateVehicle(vehicle, req.now, (car) => {
    outcome = command.run(car, body, req.now);
  });
  return outcomeReply(outcome, via);
}

/** One endpoint per known command, then a catch-all that answers 400 invalid_command. */
export function commandEndpoints(via: CommandTransport): FleetEndpoint[] {
  const known: FleetEndpoint[] = VEHICLE_COMMANDS.map((command) => ({
    name: `command:${command.name}`,
    method: 'POST',
    path: `/api/1/vehicles/:tag/command/${command.name}`,
    anyScope: [command.scope],
    device: 'vehicle',
    rateLimit: 'commands',
    write: true,
    handle: (req, { vehicle }) => runCommand(req, vehicle, command, via),
  }));
  const unknown: FleetEndpoint = {
    name: (params) => `command:${params.command ?? ''}`,
    method: 'POST',
    path: '/api/1/vehicles/:tag/command/:command',
    anyScope: ['vehicle_cmds'],
    device: 'vehicle',
    rateLimit: 'commands',
    handle: (req, { vehicle }) =>
      unreachable(vehicle, via) ?? teslaError(400, 'invalid_command', `unsupported command: ${req.ctx.params.command ?? ''}`),
  };
  return [...known, unknown];
}
