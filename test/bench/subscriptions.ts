/**
 * `npm run bench:subscriptions`: one subscription scenario of `npm run bench` on its own, N
 * siteTelemetry subscribers over C WebSocket connections, with the gateway (`src/main.ts`) and the
 * simulator each in their own process and the subscribers in a third (test/bench/subscriber-clients.ts).
 * Prints figures as JSON; asserts nothing. Postgres + Redis when DATABASE_URL and REDIS_URL are set.
 *
 * Latency per received event = receipt time in the client − the event's `sampledAt` (same machine
 * clock), so it covers publish → execution → fan-out → WebSocket → client parse. RSS is the gateway
 * process's own (peak over the measured window, from /proc).
 *
 * Environment: BENCH_SUBSCRIBERS (10000), BENCH_CONNECTIONS (100), BENCH_SITES (25: subscribers
 * spread over this many sites), BENCH_INTERVALS (5 measured intervals), TELEMETRY_INTERVAL_S (2),
 * BENCH_UNSHARED=1: every subscriber on its own site (BENCH_SITES = BENCH_SUBSCRIBERS, from the
 * simulator's `large` account, TELEMETRY_INTERVAL_S default 30), BENCH_DISTINCT_OPERATIONS=1: a
 * distinct operation name per subscriber (defeats sharing even on one site).
 */
import { listSites } from './lib/fleet.js';
import { rssMiB, sharedStateAvailable, startGateway, startSimulatorProcess } from './lib/processes.js';
import { round } from './lib/stats.js';
import { measureSubscriptions } from './lib/subscriptions.js';

const env = process.env;
const UNSHARED = env['BENCH_UNSHARED'] === '1';
const SUBSCRIBERS = Number(env['BENCH_SUBSCRIBERS'] ?? 10_000);
const CONNECTIONS = Number(env['BENCH_CONNECTIONS'] ?? 100);
const SITES = UNSHARED ? SUBSCRIBERS : Number(env['BENCH_SITES'] ?? 25);
const INTERVALS = Number(env['BENCH_INTERVALS'] ?? (UNSHARED ? 2 : 5));
const INTERVAL_S = Number(env['TELEMETRY_INTERVAL_S'] ?? (UNSHARED ? 30 : 2));

const simulator = await startSimulatorProcess({ largeAccountSites: UNSHARED ? SITES : 0 });
try {
  const gateway = await startGateway({
    simulatorUrl: simulator.url,
    shared: sharedStateAvailable(),
    env: { TELEMETRY_INTERVAL_S: String(INTERVAL_S), ...(UNSHARED ? { SANDBOX_ACCOUNT: 'large' } : {}) },
  });
  try {
    const rssAtStart = rssMiB(gateway.pid);
    const siteIds = await listSites(gateway.url, gateway.apiKey, SITES);
    const figures = await measureSubscriptions({
      gatewayUrl: gateway.url,
      gatewayPid: gateway.pid,
      apiKey: gateway.apiKey,
      simulatorUrl: simulator.url,
      siteIds,
      subscribers: SUBSCRIBERS,
      connections: CONNECTIONS,
      intervalS: INTERVAL_S,
      intervals: INTERVALS,
      distinctOperations: env['BENCH_DISTINCT_OPERATIONS'] === '1',
    });
    console.log(JSON.stringify({ database: gateway.database, bus: gateway.bus, gatewayReadyMs: Math.round(gateway.readyMs), gatewayRssAtStartMiB: round(rssAtStart), ...figures }, null, 2));
  } finally {
    await gateway.stop();
  }
} finally {
  await simulator.stop();
}
