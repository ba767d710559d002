/**
 * `npm run bench`: K concurrent control-room clients reading the whole sandbox fleet, on the real
 * gateway and simulator (and Postgres/Redis when DATABASE_URL/REDIS_URL are set). Prints figures;
 * it asserts nothing — targets are judged from the numbers.
 */
import { SiteLiveStatusesDocument } from '../../schema/generated/graphql.js';
import { startTestStack } from '../helpers/test-stack.js';

const K = Number(process.env['BENCH_CLIENTS'] ?? 20);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 10);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const stack = await startTestStack({ env: { UPSTREAM_CACHE_TTL_S: '10' } });
try {
  const org = await stack.demoOrganization();
  await stack.sim.resetCounters();
  const latencies: number[] = [];
  const started = performance.now();
  for (let round = 0; round < ROUNDS; round++) {
    await Promise.all(
      Array.from({ length: K }, async () => {
        const t0 = performance.now();
        const result = await stack.execute(SiteLiveStatusesDocument, { first: 100 }, org.apiKey);
        if (result.errors) throw new Error(JSON.stringify(result.errors));
        latencies.push(performance.now() - t0);
      }),
    );
  }
  const elapsed = performance.now() - started;
  latencies.sort((a, b) => a - b);
  const counters = await stack.sim.counters();
  const sites = (await stack.sim.account('demo')).energySiteIds.length;
  const figures = {
    database: stack.gateway.database.kind,
    bus: stack.gateway.bus.kind,
    clients: K,
    rounds: ROUNDS,
    sites,
    requests: latencies.length,
    throughputPerS: Number(((latencies.length / elapsed) * 1000).toFixed(1)),
    latencyMs: { p50: Number(percentile(latencies, 50).toFixed(1)), p95: Number(percentile(latencies, 95).toFixed(1)), max: Number(latencies.at(-1)!.toFixed(1)) },
    upstreamCalls: { live_status: counters.byEndpoint['live_status'] ?? 0, site_info: counters.byEndpoint['site_info'] ?? 0 },
    naiveUpstreamCalls: latencies.length * sites * 2,
    rssMiB: Number((process.memoryUsage().rss / 2 ** 20).toFixed(1)),
  };
  console.log(JSON.stringify(figures, null, 2));
} finally {
  await stack.close();
}
