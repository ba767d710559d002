import { GatewayError } from '../gateway-error.js';
import type { VehicleData } from '../tesla/responses.js';

type ChargeStateRead = NonNullable<VehicleData['charge_state']>;

export type VehicleCommandKind = 'START_CHARGING' | 'STOP_CHARGING' | 'SET_CHARGE_LIMIT' | 'SET_CHARGING_AMPS' | 'WAKE_VEHICLE';

export interface VehicleCommandParameters {
  START_CHARGING: Record<string, never>;
  STOP_CHARGING: Record<string, never>;
  SET_CHARGE_LIMIT: { percent: number };
  SET_CHARGING_AMPS: { amps: number };
  WAKE_VEHICLE: Record<string, never>;
}

export interface VehicleCommandDefinition<K extends VehicleCommandKind> {
  scopes: string[];
  validate(parameters: VehicleCommandParameters[K]): void;
  /** Tesla's command name and body; null for the wake, which is not a `/command/…` call. */
  teslaCommand(parameters: VehicleCommandParameters[K]): { name: string; body: Record<string, unknown> } | null;
  /**
   * The car's `result: false` reasons that mean the desired state already holds (charge_start on a
   * charging car answers `is_charging`): the command succeeded, Tesla's words are kept as its reason.
   */
  benignReasons: readonly string[];
  /**
   * Whether the car's charge_state shows the command took; null = cannot tell. Read after a send
   * that timed out or failed with a 5xx: Tesla calls such timeouts ambiguous, and a command is not
   * sent again unless this read shows it did not take.
   */
  tookEffect(chargeState: ChargeStateRead, parameters: VehicleCommandParameters[K]): boolean | null;
}

const CHARGING = ['Charging', 'Starting'];

/**
 * A setting already at the requested value. Home Assistant's tesla_fleet `handle_vehicle_command`
 * (helpers.py) accepts `already_set`, `not_charging` and `requested` as success for the same reason.
 */
const ALREADY_SET = 'already_set';

/**
 * The car's reason without the prefix Tesla's vehicle-command proxy adds to refusals it relays
 * ("car could not execute command: is_charging", vehicle-command `infotainment.go`); REST gives it bare.
 */
export function carRefusalReason(reason: string): string {
  const match = /^car could not execute command:\s*(.*)$/i.exec(reason.trim());
  return (match ? match[1]! : reason).trim();
}

/** Whether a `result: false` reason is one of the kind's benign ones (either shape). */
export function isBenignRefusal(definition: { benignReasons: readonly string[] }, reason: string | null | undefined): boolean {
  return Boolean(reason) && definition.benignReasons.includes(carRefusalReason(reason!));
}

const CHARGING_SCOPES = ['vehicle_charging_cmds'];

export const VEHICLE_COMMANDS: { [K in VehicleCommandKind]: VehicleCommandDefinition<K> } = {
  START_CHARGING: {
    scopes: CHARGING_SCOPES,
    validate: () => {},
    teslaCommand: () => ({ name: 'charge_start', body: {} }),
    // Already charging, or already charged to the limit: either way no more is asked of the car. A car
    // at its limit answers `complete` (fredli74/smartcharge-dev#285; through the proxy "car could not
    // execute command: complete", wimaha/TeslaBleHttpProxy#60).
    benignReasons: ['is_charging', 'complete', ALREADY_SET],
    tookEffect: (cs) => (cs.charging_state ? [...CHARGING, 'Complete'].includes(cs.charging_state) : null),
  },
  STOP_CHARGING: {
    scopes: CHARGING_SCOPES,
    validate: () => {},
    teslaCommand: () => ({ name: 'charge_stop', body: {} }),
    benignReasons: ['not_charging', ALREADY_SET],
    tookEffect: (cs) => (cs.charging_state ? !CHARGING.includes(cs.charging_state) : null),
  },
  SET_CHARGE_LIMIT: {
    scopes: CHARGING_SCOPES,
    validate: ({ percent }) => {
      if (!Number.isInteger(percent) || percent < 50 || percent > 100) throw GatewayError.badUserInput('percent', 'percent must be a whole number from 50 to 100');
    },
    teslaCommand: ({ percent }) => ({ name: 'set_charge_limit', body: { percent } }),
    benignReasons: [ALREADY_SET],
    tookEffect: (cs, { percent }) => (cs.charge_limit_soc == null ? null : cs.charge_limit_soc === percent),
  },
  SET_CHARGING_AMPS: {
    scopes: CHARGING_SCOPES,
    validate: ({ amps }) => {
      // The car's own maximum depends on its charger; Tesla refuses more with result:false.
      if (!Number.isInteger(amps) || amps < 1 || amps > 80) throw GatewayError.badUserInput('amps', 'amps must be a whole number from 1 to 80');
    },
    teslaCommand: ({ amps }) => ({ name: 'set_charging_amps', body: { charging_amps: amps } }),
    benignReasons: [ALREADY_SET],
    tookEffect: (cs, { amps }) => {
      const requested = cs.charge_current_request ?? cs.charge_amps;
      return requested == null ? null : requested === amps;
    },
  },
  WAKE_VEHICLE: { scopes: ['vehicle_cmds'], validate: () => {}, teslaCommand: () => null, benignReasons: [], tookEffect: () => null },
};
