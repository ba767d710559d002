import { busEvents } from '../bus/bus-events.js';
import type { Bus } from '../bus/bus.js';
import type { TelemetryInterest } from './telemetry-interest.js';
import { latestSampleKey, sampleAgeSeconds, telemetryChannel, type TelemetryBatch, type TelemetrySample } from './telemetry-sample.js';

/** Aggregates over a fleet's latest samples. Sums cover the reporting sites only. */
export interface FleetAggregate {
  computedAt: Date;
  siteCount: number;
  /** Sites whose latest sample is good and recent. */
  reportingSiteCount: number;
  /** Sites whose latest poll failed or whose latest sample is older than three intervals. */
  staleSiteCount: number;
  solarPowerW: number;
  batteryPowerW: number;
  loadPowerW: number;
  gridPowerW: number;
  energyLeftWh: number;
  totalPackEnergyWh: number;
  /** Mean of the reporting sites' state of charge (sites without a battery excluded). */
  meanPercentageCharged: number | null;
  oldestSampleAgeSeconds: number | null;
  /** Sites with no sample yet (just watched: their first poll has not come back). */
  pendingSiteCount: number;
  /** Reporting sites with a state of charge, counted in ten buckets of 10 points (the last includes 100 %). */
  stateOfChargeHistogram: number[];
  /** The reporting battery sites' energy, for figures that need each site's reserve (energy above reserve). */
  batteries: { siteId: string; percentageCharged: number; energyLeftWh: number | null; totalPackEnergyWh: number | null }[];
}

/** Buckets of `FleetAggregate.stateOfChargeHistogram`, 10 points wide. */
export const STATE_OF_CHARGE_BUCKETS = 10;

/**
 * The subscriber side of telemetry, on any instance: registers interest (so some worker polls the
 * sites), starts from each site's latest sample, then follows the organization's bus channel.
 * Iterators are hand-written because `return()` must withdraw interest and unsubscribe.
 */
export class TelemetryFeed {
  constructor(
    private readonly bus: Bus,
    private readonly interest: TelemetryInterest,
    private readonly intervalMs: number,
  ) {}

  /** Each new sample of these sites (which the caller has checked belong to `organizationId`). */
  async siteSamples(organizationId: string, siteIds: readonly string[]): Promise<AsyncIterableIterator<TelemetrySample>> {
    const wanted = new Set(siteIds);
    const { batches, leave, latest } = await this.follow(organizationId, siteIds, (b) => b.samples.some((s) => wanted.has(s.siteId)));
    const ready: TelemetrySample[] = latest;
    const iterator: AsyncIterableIterator<TelemetrySample> = {
      [Symbol.asyncIterator]: () => iterator,
      async next(): Promise<IteratorResult<TelemetrySample>> {
        while (ready.length === 0) {
          const batch = await batches.next();
          if (batch.done) return { value: undefined, done: true };
          ready.push(...batch.value.samples.filter((s) => wanted.has(s.siteId)));
        }
        return { value: ready.shift()!, done: false };
      },
      async return(): Promise<IteratorResult<TelemetrySample>> {
        leave();
        await batches.return!();
        return { value: undefined, done: true };
      },
    };
    return iterator;
  }

  /**
   * Aggregates over these sites: at once from their latest samples, then at most every
   * `throttleMs` while samples arrive, and at least once per interval (so staleness shows even
   * when no poller publishes).
   */
  async fleetAggregates(organizationId: string, siteIds: readonly string[], throttleMs = Math.min(1000, this.intervalMs / 2)): Promise<AsyncIterableIterator<FleetAggregate>> {
    const wanted = new Set(siteIds);
    const followed = await this.follow(organizationId, siteIds, () => true);
    const { batches, leave } = followed;
    const latest = new Map(followed.latest.map((sample) => [sample.siteId, sample]));

    let waiting: ((result: IteratorResult<FleetAggregate>) => void) | null = null;
    let dirty = latest.size > 0;
    let lastEmit = 0;
    let done = false;
    const emitIfDue = () => {
      if (!waiting || done) return;
      const now = Date.now();
      if ((dirty && now - lastEmit >= throttleMs) || now - lastEmit >= this.intervalMs) {
        dirty = false;
        lastEmit = now;
        const resolve = waiting;
        waiting = null;
        resolve({ value: aggregate(siteIds.length, latest.values(), this.intervalMs * 3, now), done: false });
      }
    };
    const timer = setInterval(emitIfDue, Math.max(50, Math.min(throttleMs, 250)));
    timer.unref();
    // Drain the bus into `latest` continuously; events are only produced when a reader waits.
    void (async () => {
      for (;;) {
        const batch = await batches.next();
        if (batch.done) return;
        for (const sample of batch.value.samples) {
          if (!wanted.has(sample.siteId)) continue;
          latest.set(sample.siteId, sample);
          dirty = true;
        }
        emitIfDue();
      }
    })();
    const finish = async (): Promise<IteratorResult<FleetAggregate>> => {
      done = true;
      clearInterval(timer);
      leave();
      waiting?.({ value: undefined, done: true });
      waiting = null;
      await batches.return!();
      return { value: undefined, done: true };
    };
    const iterator: AsyncIterableIterator<FleetAggregate> = {
      [Symbol.asyncIterator]: () => iterator,
      next: () =>
        done
          ? Promise.resolve({ value: undefined, done: true })
          : new Promise<IteratorResult<FleetAggregate>>((resolve) => {
              waiting = resolve;
              emitIfDue();
            }),
      return: finish,
    };
    return iterator;
  }

  /** The latest polled sample of each site that has one (no upstream call: what the poller stored). */
  async latestSamples(siteIds: readonly string[]): Promise<Map<string, TelemetrySample>> {
    if (!siteIds.length) return new Map();
    const raw = await this.bus.getMany(siteIds.map(latestSampleKey));
    return new Map(raw.flatMap((r) => (r ? [JSON.parse(r) as TelemetrySample] : [])).map((sample) => [sample.siteId, sample]));
  }

  /** Listens first (no sample between the latest and the next is lost), then registers interest. */
  private async follow(organizationId: string, siteIds: readonly string[], accept: (batch: TelemetryBatch) => boolean) {
    const batches = busEvents<TelemetryBatch>(this.bus, telemetryChannel(organizationId), accept);
    let leave: (() => void) | undefined;
    try {
      leave = await this.interest.watch(siteIds);
      const raw = await this.bus.getMany(siteIds.map(latestSampleKey));
      const latest = raw.flatMap((r) => (r ? [JSON.parse(r) as TelemetrySample] : []));
      return { batches, leave, latest };
    } catch (error) {
      leave?.();
      await batches.return!();
      throw error;
    }
  }
}

export function aggregate(siteCount: number, samples: Iterable<TelemetrySample>, staleAfterMs: number, now: number): FleetAggregate {
  const result: FleetAggregate = {
    computedAt: new Date(now),
    siteCount,
    reportingSiteCount: 0,
    staleSiteCount: 0,
    solarPowerW: 0,
    batteryPowerW: 0,
    loadPowerW: 0,
    gridPowerW: 0,
    energyLeftWh: 0,
    totalPackEnergyWh: 0,
    meanPercentageCharged: null,
    oldestSampleAgeSeconds: null,
    pendingSiteCount: 0,
    stateOfChargeHistogram: new Array<number>(STATE_OF_CHARGE_BUCKETS).fill(0),
    batteries: [],
  };
  let sampled = 0;
  let socSum = 0;
  let socCount = 0;
  for (const sample of samples) {
    sampled++;
    const live = sample.liveStatus;
    if (!live || now - Date.parse(sample.sampledAt) > staleAfterMs) {
      result.staleSiteCount++;
      continue;
    }
    result.reportingSiteCount++;
    result.solarPowerW += live.solarPowerW;
    result.batteryPowerW += live.batteryPowerW;
    result.loadPowerW += live.loadPowerW;
    result.gridPowerW += live.gridPowerW;
    result.energyLeftWh += live.energyLeftWh ?? 0;
    result.totalPackEnergyWh += live.totalPackEnergyWh ?? 0;
    if (live.percentageCharged != null) {
      socSum += live.percentageCharged;
      socCount++;
      const bucket = Math.min(STATE_OF_CHARGE_BUCKETS - 1, Math.max(0, Math.floor(live.percentageCharged / (100 / STATE_OF_CHARGE_BUCKETS))));
      result.stateOfChargeHistogram[bucket]!++;
      result.batteries.push({ siteId: sample.siteId, percentageCharged: live.percentageCharged, energyLeftWh: live.energyLeftWh, totalPackEnergyWh: live.totalPackEnergyWh });
    }
    const age = sampleAgeSeconds(sample, now);
    result.oldestSampleAgeSeconds = Math.max(result.oldestSampleAgeSeconds ?? 0, age);
  }
  result.pendingSiteCount = Math.max(0, siteCount - sampled);
  if (socCount) result.meanPercentageCharged = Math.round((socSum / socCount) * 100) / 100;
  return result;
}
