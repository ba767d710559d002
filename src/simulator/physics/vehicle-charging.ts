import type { Vehicle, VehicleCharging } from '../fleet/vehicle.js';

/** Closed-form charging: constant power from session start until the pack reaches the limit. */

export type ChargingStateName = 'Disconnected' | 'Stopped' | 'Charging' | 'Complete';

export interface ChargeStatus {
  chargingState: ChargingStateName;
  energyKwh: number;
  batteryLevel: number;
  /** AC power drawn, W; 0 unless charging. */
  powerW: number;
  energyAddedKwh: number;
  minutesToFull: number;
}

export function sessionPowerW(charging: VehicleCharging): number {
  return charging.chargeAmps * charging.voltage * charging.phases;
}

function limitEnergyKwh(vehicle: Vehicle): number {
  return (vehicle.model.batteryCapacityKwh * vehicle.charging.chargeLimitSoc) / 100;
}

export function chargeStatusAt(vehicle: Vehicle, epochMs: number): ChargeStatus {
  const { charging } = vehicle;
  const capacity = vehicle.model.batteryCapacityKwh;
  const limit = limitEnergyKwh(vehicle);
  const session = charging.session;
  const powerW = sessionPowerW(charging);

  let energy = charging.energyKwh;
  let state: ChargingStateName = charging.pluggedIn ? 'Stopped' : 'Disconnected';
  let added = charging.lastSessionAddedKwh;
  if (charging.pluggedIn && session && epochMs >= session.startedAt && charging.energyKwh < limit) {
    const hours = (epochMs - session.startedAt) / 3_600_000;
    energy = Math.min(limit, charging.energyKwh + (powerW / 1000) * hours);
    added = (session.addedBeforeKwh ?? 0) + energy - charging.energyKwh;
    state = energy < limit ? 'Charging' : 'Complete';
  } else if (charging.pluggedIn && session && charging.energyKwh >= limit) {
    state = 'Complete';
    added = session.addedBeforeKwh ?? added;
  }

  const isCharging = state === 'Charging';
  return {
    chargingState: state,
    energyKwh: energy,
    batteryLevel: Math.floor((energy / capacity) * 100),
    powerW: isCharging ? powerW : 0,
    energyAddedKwh: added,
    minutesToFull: isCharging ? Math.ceil(((limit - energy) / (powerW / 1000)) * 60) : 0,
  };
}

/** Freezes the session's progress into the stored state (used when charging stops for any reason). */
export function endSession(vehicle: Vehicle, epochMs: number): void {
  const status = chargeStatusAt(vehicle, epochMs);
  vehicle.charging.energyKwh = status.energyKwh;
  vehicle.charging.lastSessionAddedKwh = status.energyAddedKwh;
  vehicle.charging.session = null;
}

/** A new session from `epochMs` (charge_start). */
export function startSession(vehicle: Vehicle, epochMs: number): void {
  endSession(vehicle, epochMs);
  vehicle.charging.session = { startedAt: epochMs, addedBeforeKwh: 0 };
}

/**
 * Banks the session's progress and restarts its closed form at `epochMs`, so that amps or the
 * limit can change mid-session without rewriting the energy already added. No-op without one.
 */
export function rebaseSession(vehicle: Vehicle, epochMs: number): void {
  if (!vehicle.charging.session) return;
  const status = chargeStatusAt(vehicle, epochMs);
  vehicle.charging.energyKwh = status.energyKwh;
  vehicle.charging.session = { startedAt: epochMs, addedBeforeKwh: status.energyAddedKwh };
}
