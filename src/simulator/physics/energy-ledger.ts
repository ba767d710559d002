/**
 * Energy flows per 5-minute bucket, kept as the seven source→sink flows from which every
 * calendar_history field derives, so history is exactly the integral of the live powers.
 */

export const BUCKET_MS = 5 * 60_000;

export interface PowerFlows {
  solarToHome: number;
  solarToBattery: number;
  solarToGrid: number;
  batteryToHome: number;
  batteryToGrid: number;
  gridToHome: number;
  gridToBattery: number;
}

const FLOW_KEYS = ['solarToHome', 'solarToBattery', 'solarToGrid', 'batteryToHome', 'batteryToGrid', 'gridToHome', 'gridToBattery'] as const;

/**
 * Splits a balanced sample (load = solar + battery + grid) into flows. Solar serves the home
 * first, then the battery, then exports; the battery serves the home before exporting.
 */
export function splitFlows(solarW: number, loadW: number, batteryW: number): PowerFlows {
  const solarToHome = Math.min(solarW, loadW);
  const discharge = Math.max(0, batteryW);
  const charge = Math.max(0, -batteryW);
  const batteryToHome = Math.min(discharge, loadW - solarToHome);
  const solarToBattery = Math.min(charge, solarW - solarToHome);
  return {
    solarToHome,
    solarToBattery,
    solarToGrid: solarW - solarToHome - solarToBattery,
    batteryToHome,
    batteryToGrid: discharge - batteryToHome,
    gridToHome: loadW - solarToHome - batteryToHome,
    gridToBattery: charge - solarToBattery,
  };
}

export function emptyFlows(): PowerFlows {
  return { solarToHome: 0, solarToBattery: 0, solarToGrid: 0, batteryToHome: 0, batteryToGrid: 0, gridToHome: 0, gridToBattery: 0 };
}

/** Spelled out rather than looped over keys: this runs once per simulated minute per site. */
export function addFlows(into: PowerFlows, flows: PowerFlows, scale = 1): void {
  into.solarToHome += flows.solarToHome * scale;
  into.solarToBattery += flows.solarToBattery * scale;
  into.solarToGrid += flows.solarToGrid * scale;
  into.batteryToHome += flows.batteryToHome * scale;
  into.batteryToGrid += flows.batteryToGrid * scale;
  into.gridToHome += flows.gridToHome * scale;
  into.gridToBattery += flows.gridToBattery * scale;
}

export function roundFlows(flows: PowerFlows): PowerFlows {
  const out = emptyFlows();
  for (const key of FLOW_KEYS) out[key] = Math.round(flows[key]);
  return out;
}

/** Bucketed energy (Wh) since the site's origin; old buckets are dropped to bound memory. */
export class EnergyLedger {
  private readonly buckets = new Map<number, PowerFlows>();

  constructor(private readonly retentionMs: number) {}

  /** Adds `flows` (W) held for `durationMs` starting at `startMs` (within one bucket). */
  record(startMs: number, durationMs: number, flows: PowerFlows): void {
    const key = Math.floor(startMs / BUCKET_MS) * BUCKET_MS;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = emptyFlows();
      this.buckets.set(key, bucket);
      this.prune(key);
    }
    addFlows(bucket, flows, durationMs / 3_600_000);
  }

  /**
   * Takes in history recorded separately for the time before this ledger's (a pinned site's
   * deferred history); a bucket on the seam holds both parts. Keeps the buckets in time order.
   */
  absorbEarlier(earlier: EnergyLedger): void {
    const merged = new Map(earlier.buckets);
    for (const [key, flows] of this.buckets) {
      const seam = merged.get(key);
      if (seam) addFlows(seam, flows);
      else merged.set(key, flows);
    }
    this.buckets.clear();
    for (const [key, flows] of merged) this.buckets.set(key, flows);
  }

  bucket(startMs: number): PowerFlows | undefined {
    return this.buckets.get(startMs);
  }

  private prune(newestKey: number): void {
    if (this.buckets.size % 288 !== 0) return;
    for (const key of this.buckets.keys()) {
      if (key < newestKey - this.retentionMs) this.buckets.delete(key);
      else break;
    }
  }
}
