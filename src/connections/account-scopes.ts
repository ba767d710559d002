import { TeslaScope, type TeslaScopeName } from '../tesla/scopes.js';

/** What the gateway does with an account's energy sites: read them (telemetry, settings) and command them (dispatch, programs). */
export const ENERGY_SCOPES: readonly TeslaScopeName[] = [TeslaScope.energyDeviceData, TeslaScope.energyCmds];
/** And with its vehicles: read them, wake them, and steer their charging. */
export const VEHICLE_SCOPES: readonly TeslaScopeName[] = [TeslaScope.vehicleDeviceData, TeslaScope.vehicleCmds, TeslaScope.vehicleChargingCmds];

/** The devices recorded for an account (inventory discovery). */
export interface AccountDevices {
  hasSites: boolean;
  hasVehicles: boolean;
}

/**
 * The scopes the gateway needs for the devices an account has, that the customer did not grant:
 * - the energy scopes when it has energy sites (the gateway's core), or when its token grants
 *   neither data scope, so its devices cannot even be listed;
 * - the vehicle scopes when it has vehicles and the consent includes some vehicle scope. A consent
 *   with none at all is an energy-only integration by choice (Powerwall owners often have a Tesla
 *   car too), not a gap: its account is never told it lacks vehicle scopes.
 */
export function missingAccountScopes(granted: readonly string[], devices: AccountDevices): string[] {
  const have = new Set(granted);
  const devicesUnknown = !have.has(TeslaScope.energyDeviceData) && !have.has(TeslaScope.vehicleDeviceData);
  const asksForVehicles = VEHICLE_SCOPES.some((scope) => have.has(scope));
  const needed = [...(devices.hasSites || devicesUnknown ? ENERGY_SCOPES : []), ...(devices.hasVehicles && asksForVehicles ? VEHICLE_SCOPES : [])];
  return needed.filter((scope) => !have.has(scope));
}
