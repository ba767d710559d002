import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per gateway instance, so tests that boot several gateways do not share counters. */
export interface Metrics {
  registry: Registry;
  httpRequests: Counter<'route' | 'status'>;
  upstreamCalls: Counter<'endpoint' | 'status'>;
  upstreamDuration: Histogram<'endpoint'>;
  upstreamCacheHits: Counter<'endpoint'>;
  telemetryPolls: Counter<'result'>;
  teslaBillingLimitResponses: Counter<'endpoint'>;
}

/** Live state read at scrape time from the parts that own it. */
export interface GaugeSources {
  /** Sites this instance's subscribers watch. */
  watchedSites(): number;
  /** Sites this instance polls (holds the lease of). */
  polledSites(): number;
  /** Commands not yet ended, by status: the queue's depth. */
  openCommands(): Promise<{ status: string; count: number }[]>;
  /** Whether Tesla's billing limit for the app is exceeded (shared by all instances). */
  teslaBillingLimitExceeded?(): Promise<boolean>;
}

export function registerGauges(metrics: Metrics, sources: GaugeSources): void {
  const registers = [metrics.registry];
  new Gauge({
    name: 'derms_telemetry_watched_sites',
    help: "Sites this instance's subscribers watch",
    registers,
    collect() {
      this.set(sources.watchedSites());
    },
  });
  new Gauge({
    name: 'derms_telemetry_polled_sites',
    help: 'Sites this instance polls (holds the poll lease of)',
    registers,
    collect() {
      this.set(sources.polledSites());
    },
  });
  new Gauge({
    name: 'derms_tesla_billing_limit_exceeded',
    help: "1 while Tesla suspends this app for its billing limit (account disabled: EXCEEDED_LIMIT), else 0",
    registers,
    async collect() {
      this.set((await sources.teslaBillingLimitExceeded?.()) ? 1 : 0);
    },
  });
  new Gauge({
    name: 'derms_commands_open',
    help: 'Commands not yet ended, by status (the queue depth)',
    labelNames: ['status'],
    registers,
    async collect() {
      this.reset();
      for (const { status, count } of await sources.openCommands()) this.set({ status }, count);
    },
  });
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpRequests: new Counter({
      name: 'derms_http_requests_total',
      help: 'HTTP requests served, by route and status',
      labelNames: ['route', 'status'],
      registers: [registry],
    }),
    upstreamCalls: new Counter({
      name: 'derms_upstream_calls_total',
      help: 'Calls to Tesla (or the simulator), by endpoint and HTTP status (0 = no response)',
      labelNames: ['endpoint', 'status'],
      registers: [registry],
    }),
    upstreamDuration: new Histogram({
      name: 'derms_upstream_call_duration_seconds',
      help: 'Duration of upstream calls',
      labelNames: ['endpoint'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    upstreamCacheHits: new Counter({
      name: 'derms_upstream_cache_hits_total',
      help: 'Upstream reads answered from the shared cache or an in-flight call',
      labelNames: ['endpoint'],
      registers: [registry],
    }),
    teslaBillingLimitResponses: new Counter({
      name: 'derms_tesla_billing_limit_responses_total',
      help: "Tesla answers saying the app's billing limit is exceeded, by endpoint",
      labelNames: ['endpoint'],
      registers: [registry],
    }),
    telemetryPolls: new Counter({
      name: 'derms_telemetry_polls_total',
      help: 'Live-status polls for telemetry, by result (ok, failed)',
      labelNames: ['result'],
      registers: [registry],
    }),
  };
}
