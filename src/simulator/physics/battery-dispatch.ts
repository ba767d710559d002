import type { ExportRule, OperationMode, TouPeriod } from '../fleet/energy-site.js';

/**
 * What the Powerwall does in one step, as Tesla's modes describe it. Positive = discharging.
 * Limits: nameplate charge/discharge power, never above full, never below the backup reserve
 * (the caller converts energy headroom into power for the step length).
 */

export interface DispatchInput {
  /** 'hold' = backup mode or active storm mode: keep the battery full, never discharge. */
  mode: OperationMode | 'hold';
  solarW: number;
  loadW: number;
  /** Power that would empty the headroom above reserve within the step, capped by nameplate. */
  maxDischargeW: number;
  /** Power that would fill the room below full within the step, capped by nameplate. */
  maxChargeW: number;
  gridChargingAllowed: boolean;
  exportRule: ExportRule;
  touPeriod: TouPeriod['target'];
}

export function batteryPowerW(input: DispatchInput): number {
  // + 0 turns a -0 (no charge) into a plain 0.
  return decide(input) + 0;
}

function decide(input: DispatchInput): number {
  const { solarW, loadW, maxDischargeW, maxChargeW, gridChargingAllowed } = input;
  const deficit = Math.max(0, loadW - solarW);
  const surplus = Math.max(0, solarW - loadW);
  const selfConsumption = deficit > 0 ? Math.min(deficit, maxDischargeW) : -Math.min(surplus, maxChargeW);
  const holdAndCharge = -(gridChargingAllowed ? maxChargeW : Math.min(surplus, maxChargeW));

  switch (input.mode) {
    case 'hold':
    case 'backup':
      return holdAndCharge;
    case 'self_consumption':
      return selfConsumption;
    case 'autonomous':
      switch (input.touPeriod) {
        // Peak: cover the house; with battery export allowed, sell everything the battery can give.
        case 'peak':
          return input.exportRule === 'battery_ok' ? maxDischargeW : selfConsumption;
        // Off-peak: bank energy for the peak, from the grid when that is allowed.
        case 'off_peak':
          return holdAndCharge;
        case 'partial_peak':
          return selfConsumption;
      }
  }
}
