import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per gateway instance, so tests that boot several gateways do not share counters. */
export interface Metrics {
  registry: Registry;
  httpRequests: Counter<'route' | 'status'>;
  upstreamCalls: Counter<'endpoint' | 'status'>;
  upstreamDuration: Histogram<'endpoint'>;
  upstreamCacheHits: Counter<'endpoint'>;
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
  };
}
