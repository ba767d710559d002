import {
  gridChargingAllowed,
  hasBattery,
  maxChargePowerW,
  maxDischargePowerW,
  stormModeActive,
  totalPackEnergyWh,
  type EnergySite,
} from '../fleet/energy-site.js';
import { unitHash } from '../random/hash-noise.js';
import { localTime } from '../time/time-zone.js';
import { batteryPowerW } from './battery-dispatch.js';
import { EnergyLedger, splitFlows } from './energy-ledger.js';
import { householdLoadW } from './household-load.js';
import { NoiseChannel } from './noise-channels.js';
import { solarPowerW } from './solar.js';
import { touPeriodAt } from './tou-period.js';
import { touScheduleOn } from './tou-tariff.js';

/**
 * One site's state over simulated time. The state of charge integrates battery power in fixed
 * 60-second steps on a grid anchored at the site's origin, stepped lazily up to "now" whenever
 * someone looks — so a reading depends only on the seed, the start time and the instant, never
 * on how often or in which order the site was read.
 */

export const STEP_MS = 60_000;
const STEP_HOURS = STEP_MS / 3_600_000;
const LEDGER_RETENTION_MS = 40 * 86_400_000;

export type WallConnectorActivity = 'idle' | 'connected' | 'charging' | 'complete';

export interface WallConnectorSample {
  din: string;
  vin: string | null;
  activity: WallConnectorActivity;
  powerW: number;
}

/** Whole watts, balanced exactly: loadW = solarW + batteryW + gridW. */
export interface PowerSample {
  stepStart: number;
  solarW: number;
  loadW: number;
  /** + = discharging */
  batteryW: number;
  /** + = importing */
  gridW: number;
  wallConnectors: WallConnectorSample[];
}

export interface SiteSnapshot extends PowerSample {
  at: number;
  energyLeftWh: number;
  totalPackEnergyWh: number;
  percentageCharged: number;
  stormModeActive: boolean;
}

export type WallConnectorProbe = (epochMs: number) => WallConnectorSample[];

export class SitePhysics {
  readonly ledger = new EnergyLedger(LEDGER_RETENTION_MS);
  private socWh: number;
  private steppedTo: number;
  private cached: PowerSample | null = null;
  /**
   * Sites with `chargeAtStartPercent` (the `large` account): the state of charge is pinned at the
   * step holding the start time, so the live state needs no steps before it. The history from the
   * origin up to that step (its own charge, starting from the drawn one) is integrated only when
   * someone needs it: `completeHistory()`, before calendar_history and before any settings change.
   */
  private pendingHistory: { untilMs: number; socWh: number } | null = null;

  /** `startTime` only matters for sites with `chargeAtStartPercent`. */
  constructor(
    readonly site: EnergySite,
    readonly originMs: number,
    private readonly wallConnectorsAt: WallConnectorProbe,
    startTime?: number,
  ) {
    this.steppedTo = originMs;
    const capacity = totalPackEnergyWh(site);
    const reserve = (capacity * site.settings.backupReservePercent) / 100;
    this.socWh = Math.max(reserve, capacity * (0.35 + 0.55 * unitHash(site.noiseSeed, NoiseChannel.initialCharge)));
    if (site.chargeAtStartPercent !== undefined && startTime !== undefined && startTime >= originMs) {
      const pinStep = originMs + Math.floor((startTime - originMs) / STEP_MS) * STEP_MS;
      if (pinStep > originMs) this.pendingHistory = { untilMs: pinStep, socWh: this.socWh };
      this.steppedTo = pinStep;
      this.socWh = (capacity * site.chargeAtStartPercent) / 100;
    }
  }

  /** Start of the first step not yet integrated: history exists up to here. */
  get simulatedUntil(): number {
    return this.steppedTo;
  }

  snapshot(now: number): SiteSnapshot {
    this.advanceTo(now);
    const sample = this.sampleAt(this.steppedTo);
    const capacity = totalPackEnergyWh(this.site);
    const elapsedHours = Math.max(0, now - this.steppedTo) / 3_600_000;
    const energyLeftWh = hasBattery(this.site) ? clamp(this.socWh - sample.batteryW * elapsedHours, 0, capacity) : 0;
    return {
      ...sample,
      at: now,
      energyLeftWh,
      totalPackEnergyWh: capacity,
      percentageCharged: capacity > 0 ? (energyLeftWh / capacity) * 100 : 0,
      stormModeActive: stormModeActive(this.site),
    };
  }

  /** Integrates whole steps up to `now`; also fills the energy ledger. */
  advanceTo(now: number): void {
    while (this.steppedTo + STEP_MS <= now) this.step();
  }

  /**
   * Fills the ledger for the time before a pinned start (a no-op otherwise). Must run under the
   * settings the site started with, so callers run it before they change any.
   */
  completeHistory(): void {
    const pending = this.pendingHistory;
    if (!pending) return;
    this.pendingHistory = null;
    const earlier = new EnergyLedger(LEDGER_RETENTION_MS);
    let socWh = pending.socWh;
    for (let t = this.originMs; t < pending.untilMs; t += STEP_MS) {
      const sample = this.computeSample(t, socWh);
      socWh = this.nextCharge(socWh, sample.batteryW);
      earlier.record(t, STEP_MS, splitFlows(sample.solarW, sample.loadW, sample.batteryW));
    }
    this.ledger.absorbEarlier(earlier);
  }

  /** Settings changed: the step in progress must be re-evaluated with them. */
  settingsChanged(): void {
    this.cached = null;
  }

  private step(): void {
    const sample = this.sampleAt(this.steppedTo);
    this.socWh = this.nextCharge(this.socWh, sample.batteryW);
    this.ledger.record(this.steppedTo, STEP_MS, splitFlows(sample.solarW, sample.loadW, sample.batteryW));
    this.steppedTo += STEP_MS;
    this.cached = null;
  }

  private nextCharge(socWh: number, batteryW: number): number {
    const capacity = totalPackEnergyWh(this.site);
    if (capacity <= 0) return socWh;
    const next = socWh - batteryW * STEP_HOURS;
    const reserve = (capacity * this.site.settings.backupReservePercent) / 100;
    // Discharge never crosses the reserve, even by a rounding error.
    const floor = batteryW > 0 ? Math.min(socWh, reserve) : 0;
    return clamp(next, floor, capacity);
  }

  private sampleAt(stepStart: number): PowerSample {
    if (this.cached?.stepStart === stepStart) return this.cached;
    this.cached = this.computeSample(stepStart, this.socWh);
    return this.cached;
  }

  private computeSample(stepStart: number, socWh: number): PowerSample {
    const site = this.site;
    const local = localTime(site.timeZone, stepStart);
    const wallConnectors = this.wallConnectorsAt(stepStart);
    const chargingW = wallConnectors.reduce((sum, wc) => sum + wc.powerW, 0);
    let solarW = Math.round(solarPowerW(site, stepStart, local.dayNumber));
    const loadW = Math.round(householdLoadW(site, stepStart, local) + chargingW);

    let batteryW = 0;
    if (hasBattery(site)) {
      const capacity = totalPackEnergyWh(site);
      const reserveWh = (capacity * site.settings.backupReservePercent) / 100;
      const raw = batteryPowerW({
        mode: stormModeActive(site) ? 'hold' : site.settings.operationMode,
        solarW,
        loadW,
        maxDischargeW: Math.min(maxDischargePowerW(site), Math.max(0, socWh - reserveWh) / STEP_HOURS),
        maxChargeW: Math.min(maxChargePowerW(site), Math.max(0, capacity - socWh) / STEP_HOURS),
        gridChargingAllowed: gridChargingAllowed(site),
        exportRule: site.settings.exportRule,
        touPeriod: touPeriodAt(touScheduleOn(site.settings, local), local),
      });
      // Truncate toward zero: whole watts that never overshoot the limits computed above.
      batteryW = Math.trunc(raw) + 0;
    }
    let gridW = loadW - solarW - batteryW;
    if (gridW < 0 && site.settings.exportRule === 'never') {
      // No export allowed at all: the inverters curtail solar to what the site can absorb.
      solarW += gridW;
      gridW = 0;
    }
    return { stepStart, solarW, loadW, batteryW, gridW, wallConnectors };
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
