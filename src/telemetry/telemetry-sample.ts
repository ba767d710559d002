import type { SiteLiveStatus } from '../sites/site-mapping.js';

/** A live status as it travels through the bus (dates as ISO strings). */
export type SampledLiveStatus = Omit<SiteLiveStatus, 'timestamp'> & { timestamp: string | null };

export interface TelemetrySample {
  siteId: string;
  organizationId: string;
  /** When the gateway read it. */
  sampledAt: string;
  /** null when the poll failed: the site is stale, and `error` says why. */
  liveStatus: SampledLiveStatus | null;
  error: string | null;
}

/** What a poller publishes: the samples of one organization that completed together. */
export interface TelemetryBatch {
  samples: TelemetrySample[];
}

/** Bus channel of one organization's telemetry batches. */
export const telemetryChannel = (organizationId: string) => `telemetry:${organizationId}`;

/** Bus key of a site's latest sample, so a new subscriber starts from it instead of waiting an interval. */
export const latestSampleKey = (siteId: string) => `telemetry-latest:${siteId}`;

export function toSampledLiveStatus(live: SiteLiveStatus): SampledLiveStatus {
  return { ...live, timestamp: live.timestamp?.toISOString() ?? null };
}

export function fromSampledLiveStatus(live: SampledLiveStatus): SiteLiveStatus {
  // Samples published by an instance older than `source` (a rolling deploy) came from the Fleet API.
  return { ...live, source: live.source ?? 'FLEET_API', timestamp: live.timestamp ? new Date(live.timestamp) : null };
}

/**
 * Seconds since the gateway read the sample. Tesla's own `timestamp` stays in liveStatus; it is not
 * used here because a site's clock (or the sandbox's simulated one) may differ from ours.
 */
export function sampleAgeSeconds(sample: Pick<TelemetrySample, 'sampledAt'>, now = Date.now()): number {
  return Math.max(0, Math.round((now - Date.parse(sample.sampledAt)) / 100) / 10);
}
