/** Tesla's OAuth scopes (tesla-fleet-api.md §2.7). */
export const TeslaScope = {
  openid: 'openid',
  offlineAccess: 'offline_access',
  userData: 'user_data',
  vehicleDeviceData: 'vehicle_device_data',
  vehicleLocation: 'vehicle_location',
  vehicleCmds: 'vehicle_cmds',
  vehicleChargingCmds: 'vehicle_charging_cmds',
  energyDeviceData: 'energy_device_data',
  energyCmds: 'energy_cmds',
} as const;

export type TeslaScopeName = (typeof TeslaScope)[keyof typeof TeslaScope];

/** What the gateway asks a customer for by default. */
export const DEFAULT_REQUESTED_SCOPES: TeslaScopeName[] = [
  'openid',
  'offline_access',
  'user_data',
  'vehicle_device_data',
  'vehicle_cmds',
  'vehicle_charging_cmds',
  'energy_device_data',
  'energy_cmds',
];

/** Scopes each read needs; a connection lacking one gets INSUFFICIENT_SCOPES before any call. */
export const READ_SCOPES = {
  energy: ['energy_device_data'],
  vehicles: ['vehicle_device_data'],
} as const satisfies Record<string, readonly TeslaScopeName[]>;

export function missingScopes(required: readonly string[], granted: readonly string[]): string[] {
  const have = new Set(granted);
  return required.filter((s) => !have.has(s));
}
