import { GatewayError } from '../gateway-error.js';

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
}

const CHARGING_SCOPES = ['vehicle_charging_cmds'];

export const VEHICLE_COMMANDS: { [K in VehicleCommandKind]: VehicleCommandDefinition<K> } = {
  START_CHARGING: { scopes: CHARGING_SCOPES, validate: () => {}, teslaCommand: () => ({ name: 'charge_start', body: {} }) },
  STOP_CHARGING: { scopes: CHARGING_SCOPES, validate: () => {}, teslaCommand: () => ({ name: 'charge_stop', body: {} }) },
  SET_CHARGE_LIMIT: {
    scopes: CHARGING_SCOPES,
    validate: ({ percent }) => {
      if (!Number.isInteger(percent) || percent < 50 || percent > 100) throw GatewayError.badUserInput('percent', 'percent must be a whole number from 50 to 100');
    },
    teslaCommand: ({ percent }) => ({ name: 'set_charge_limit', body: { percent } }),
  },
  SET_CHARGING_AMPS: {
    scopes: CHARGING_SCOPES,
    validate: ({ amps }) => {
      // The car's own maximum depends on its charger; Tesla refuses more with result:false.
      if (!Number.isInteger(amps) || amps < 1 || amps > 80) throw GatewayError.badUserInput('amps', 'amps must be a whole number from 1 to 80');
    },
    teslaCommand: ({ amps }) => ({ name: 'set_charging_amps', body: { charging_amps: amps } }),
  },
  WAKE_VEHICLE: { scopes: ['vehicle_cmds'], validate: () => {}, teslaCommand: () => null },
};
