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
import { SetPointSchedule, type SetPoint } from './set-points.js';
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
  /** The grid-services dispatch whose set-point ran the battery in this step, if any. */
  gridServicesDispatchId: string | null;
}

export interface SiteSnapshot extends PowerSample {
  at: number;
  energyLeftWh: number;
  totalPackEnergyWh: number;
  percentageCharged: number;
  stormModeActive: boolean;
  gridServicesActive: boolean;
}

/** A set-point request in simulated time; the physics puts it on its step grid. */
export interface SetPointRequest {
  dispatchId: string;
  /** + = discharge, − = charge. */
  powerW: number;
  startMs: number;
  endMs: number;
}

export type WallConnectorProbe = (epochMs: number) => WallConnectorSample[];

export class SitePhysics {
  readonly ledger = new EnergyLedger(LEDGER_RETENTION_MS);
  private readonly setPoints = new SetPointSchedule();
  private socWh: number;
  private steppedTo: number;
  private cached: PowerSample | null = null;
  /**
   * Sites with `chargeAtStartPercent` (the `large` account): the state of charge is pinned at the
   * step holding the start time, so the live state needs no steps before it. The history from the
   * origin up to that step (its own charge, starting from the drawn one) is integrated only when
   * someone needs it: `completeHistory()`, before calendar_history. It must be integrated under the
   * state the site started with: the first change keeps a copy of that (`startedAs`) rather than
   * integrating then, so a dispatch's first write does not pay for two days of steps in its request
   * while every other answer waits (issue 12: ~3 ms a site, tens of ms of lag at 100 sites a second).
   */
  private pendingHistory: { untilMs: number; socWh: number; startedAs?: EnergySite } | null = null;

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
      gridServicesActive: sample.gridServicesDispatchId !== null,
    };
  }

  /**
   * Applies a change (settings, a car's charging, a set-point) at simulated `now`. The physics
   * integrates lazily, so it first catches up to `now` (and fills any deferred history) under the
   * old state; otherwise the steps since the last read would be replayed with the new one,
   * rewriting history. The step in progress is then re-evaluated with the change.
   */
  changeAt(now: number, change: () => void): void {
    const pending = this.pendingHistory;
    if (pending && !pending.startedAs) {
      // A car's charging (wall connectors) is state outside the site: integrate under it now.
      if (this.site.wallConnectors.length > 0) this.completeHistory();
      else pending.startedAs = { ...this.site, settings: structuredClone(this.site.settings), environment: structuredClone(this.site.environment) };
    }
    this.advanceTo(now);
    change();
    this.settingsChanged();
  }

  /**
   * Runs the battery at a set-point from the step holding `startMs` to the step holding `endMs`
   * (60 s granularity). A start in the past counts from the step in progress: history stays as it was.
   */
  addSetPoint(now: number, request: SetPointRequest): void {
    this.changeAt(now, () => {
      const setPoint: SetPoint = {
        dispatchId: request.dispatchId,
        powerW: request.powerW,
        fromMs: Math.max(this.steppedTo, this.stepHolding(request.startMs)),
        untilMs: this.stepHolding(request.endMs),
      };
      this.setPoints.add(setPoint);
    });
  }

  /** Ends a set-point at `now`: the step in progress already runs the site's own mode again. */
  endSetPoint(now: number, dispatchId: string): void {
    this.changeAt(now, () => this.setPoints.endAt(dispatchId, this.steppedTo));
  }

  /** Energy (Wh, either direction) the battery moved under this dispatch's set-point up to `now`. */
  deliveredWh(dispatchId: string, now: number): number {
    this.advanceTo(now);
    const sample = this.sampleAt(this.steppedTo);
    const partialHours = Math.max(0, now - this.steppedTo) / 3_600_000;
    const partial = sample.gridServicesDispatchId === dispatchId ? Math.abs(sample.batteryW) * partialHours : 0;
    return this.setPoints.delivered(dispatchId) + partial;
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
    const site = pending.startedAs ?? this.site;
    let socWh = pending.socWh;
    for (let t = this.originMs; t < pending.untilMs; t += STEP_MS) {
      const sample = this.computeSample(t, socWh, site);
      socWh = this.nextCharge(socWh, sample.batteryW, site);
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
    const nextWh = this.nextCharge(this.socWh, sample.batteryW);
    // What the pack actually moved (clamped like the charge), so delivery never overstates it.
    if (sample.gridServicesDispatchId !== null) this.setPoints.record(sample.gridServicesDispatchId, Math.abs(nextWh - this.socWh));
    this.socWh = nextWh;
    this.ledger.record(this.steppedTo, STEP_MS, splitFlows(sample.solarW, sample.loadW, sample.batteryW));
    this.steppedTo += STEP_MS;
    this.cached = null;
  }

  private nextCharge(socWh: number, batteryW: number, site: EnergySite = this.site): number {
    const capacity = totalPackEnergyWh(site);
    if (capacity <= 0) return socWh;
    const next = socWh - batteryW * STEP_HOURS;
    const reserve = (capacity * site.settings.backupReservePercent) / 100;
    // Discharge never crosses the reserve, even by a rounding error.
    const floor = batteryW > 0 ? Math.min(socWh, reserve) : 0;
    return clamp(next, floor, capacity);
  }

  /** Start of the step on this site's grid that holds `epochMs`. */
  private stepHolding(epochMs: number): number {
    return this.originMs + Math.floor((epochMs - this.originMs) / STEP_MS) * STEP_MS;
  }

  private sampleAt(stepStart: number): PowerSample {
    if (this.cached?.stepStart === stepStart) return this.cached;
    this.cached = this.computeSample(stepStart, this.socWh);
    return this.cached;
  }

  private computeSample(stepStart: number, socWh: number, site: EnergySite = this.site): PowerSample {
    const local = localTime(site.timeZone, stepStart);
    const wallConnectors = this.wallConnectorsAt(stepStart);
    const chargingW = wallConnectors.reduce((sum, wc) => sum + wc.powerW, 0);
    let solarW = Math.round(solarPowerW(site, stepStart, local.dayNumber));
    const loadW = Math.round(householdLoadW(site, stepStart, local) + chargingW);

    let batteryW = 0;
    let gridServicesDispatchId: string | null = null;
    if (hasBattery(site)) {
      const capacity = totalPackEnergyWh(site);
      const reserveWh = (capacity * site.settings.backupReservePercent) / 100;
      // An active storm watch outranks a grid-services set-point, as it does on Tesla's sites.
      const storm = stormModeActive(site);
      const setPoint = storm ? undefined : this.setPoints.at(stepStart);
      gridServicesDispatchId = setPoint?.dispatchId ?? null;
      const raw = batteryPowerW({
        mode: storm ? 'hold' : setPoint ? 'set_point' : site.settings.operationMode,
        ...(setPoint ? { setPointW: setPoint.powerW } : {}),
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
      // No export allowed at all: the inverters curtail solar to what the site can absorb. Only a
      // set-point discharging past the load can leave an export that solar alone cannot cancel.
      const curtailedW = Math.min(solarW, -gridW);
      solarW -= curtailedW;
      gridW += curtailedW;
    }
    return { stepStart, solarW, loadW, batteryW, gridW, wallConnectors, gridServicesDispatchId };
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
