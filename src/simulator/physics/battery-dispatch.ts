import type { ExportRule, OperationMode, TouPeriod } from '../fleet/energy-site.js';

/**
 * What the Powerwall does in one step, as Tesla's modes describe it. Positive = discharging.
 * Limits: nameplate charge/discharge power, never above full, never below the backup reserve
 * (the caller converts energy headroom into power for the step length).
 */

export interface DispatchInput {
  /**
   * 'hold' = backup mode or active storm mode: keep the battery full, never discharge.
   * 'set_point' = a grid-services (Powerhub) dispatch: run at `setPointW` whatever the house does.
   */
  mode: OperationMode | 'hold' | 'set_point';
  /** Only for 'set_point': + = discharge, − = charge; clamped to the limits below. */
  setPointW?: number;
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
    // The utility's request overrides the customer's mode and grid-charging choice, not the
    // hardware or the backup reserve (both already folded into the two limits).
    case 'set_point': {
      const target = input.setPointW ?? 0;
      return target >= 0 ? Math.min(target, maxDischargeW) : -Math.min(-target, maxChargeW);
    }
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
