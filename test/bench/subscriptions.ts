/**
 * `npm run bench:subscriptions`: N siteTelemetry subscribers over C WebSocket connections on the
 * real gateway and simulator. Prints figures as JSON; asserts nothing (the target — 10,000
 * subscribers, p99 delivery under 250 ms — is judged from the numbers).
 *
 * Latency per received event = receipt time in the client − the event's `sampledAt` (same machine
 * clock), so it covers publish → execution → fan-out → WebSocket → client parse.
 *
 * The clients run in a child process (this file, BENCH_ROLE=clients): parsing 10,000 messages per
 * interval in the gateway's own event loop would inflate the very latency being measured, and the
 * gateway's RSS would include the clients.
 *
 * Environment: BENCH_SUBSCRIBERS (10000), BENCH_CONNECTIONS (100), BENCH_SITES (1: subscribers
 * spread over this many demo sites), BENCH_INTERVALS (5 measured intervals), TELEMETRY_INTERVAL_S
 * (2), BENCH_UNSHARED=1 (a distinct operation name per subscriber: defeats sharing, for comparison).
 */
import { fork } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

const env = process.env;
const SUBSCRIBERS = Number(env['BENCH_SUBSCRIBERS'] ?? 10_000);
const CONNECTIONS = Number(env['BENCH_CONNECTIONS'] ?? 100);
const SITES = Number(env['BENCH_SITES'] ?? 1);
const INTERVALS = Number(env['BENCH_INTERVALS'] ?? 5);
const INTERVAL_S = Number(env['TELEMETRY_INTERVAL_S'] ?? 2);
const UNSHARED = env['BENCH_UNSHARED'] === '1';

type ToClients = { type: 'measure' } | { type: 'stop' };
type FromClients =
  | { type: 'subscribed'; setupMs: number; withFirstEvent: number }
  | { type: 'result'; events: number; errors: number; sampleErrors: string[]; latenciesMs: number[]; eventsPerSubscriber: { min: number; max: number } };

const query = (i: number) =>
  `subscription ${UNSHARED ? `Watch${i}` : 'Watch'}($ids: [ID!]!) { siteTelemetry(siteIds: $ids) { site { id } liveStatus { solarPowerW batteryPowerW percentageCharged } sampledAt stale error } }`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const round = (n: number) => Number(n.toFixed(1));

async function runClients(): Promise<void> {
  const send = (message: FromClients) => process.send!(message);
  const url = env['BENCH_URL']!;
  const siteIds = JSON.parse(env['BENCH_SITE_IDS']!) as string[];
  const clients: Client[] = Array.from({ length: CONNECTIONS }, () =>
    createClient({ url, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${env['BENCH_API_KEY']}` }, lazy: false, retryAttempts: 0 }),
  );
  // Connected first: 10,000 subscribes queued behind a connection_init would time it out (4408).
  await Promise.all(clients.map((c) => new Promise((resolve) => c.on('connected', resolve))));
  let measuring = false;
  let latencies: number[] = [];
  let errors = 0;
  const sampleErrors: string[] = [];
  const counts = new Uint32Array(SUBSCRIBERS);
  let withFirstEvent = 0;
  // Every subscriber gets the same sampledAt string: parse it once.
  let lastSampledAt = '';
  let lastSampledMs = 0;
  const started = performance.now();
  const stops = Array.from({ length: SUBSCRIBERS }, (_, i) =>
    clients[i % CONNECTIONS]!.subscribe<{ siteTelemetry: { sampledAt: string } }>(
      { query: query(i), variables: { ids: [siteIds[i % siteIds.length]] } },
      {
        next: (result) => {
          const receivedAt = Date.now();
          if (result.errors || !result.data) {
            errors++;
            if (sampleErrors.length < 3) sampleErrors.push(JSON.stringify(result.errors));
            return;
          }
          if (counts[i]!++ === 0) withFirstEvent++;
          if (!measuring) return;
          const sampledAt = result.data.siteTelemetry.sampledAt;
          if (sampledAt !== lastSampledAt) [lastSampledAt, lastSampledMs] = [sampledAt, Date.parse(sampledAt)];
          latencies.push(receivedAt - lastSampledMs);
        },
        error: (error) => {
          errors++;
          const { code, reason, message } = error as { code?: number; reason?: string; message?: string };
          if (sampleErrors.length < 3) sampleErrors.push(JSON.stringify({ code, reason, message }));
        },
        complete: () => {},
      },
    ),
  );
  // Subscribed = every subscriber has had an event (the latest sample, or the first poll).
  const deadline = Date.now() + 120_000;
  while (withFirstEvent < SUBSCRIBERS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  send({ type: 'subscribed', setupMs: round(performance.now() - started), withFirstEvent });

  process.on('message', async (message: ToClients) => {
    if (message.type === 'measure') {
      counts.fill(0);
      latencies = [];
      measuring = true;
      return;
    }
    measuring = false;
    let min = Infinity;
    let max = 0;
    for (const c of counts) [min, max] = [Math.min(min, c), Math.max(max, c)];
    send({ type: 'result', events: latencies.length, errors, sampleErrors, latenciesMs: latencies, eventsPerSubscriber: { min, max } });
    for (const stop of stops) stop();
    await Promise.all(clients.map((c) => c.dispose()));
    process.exit(0);
  });
}

async function runBench(): Promise<void> {
  const { startTestStack } = await import('../helpers/test-stack.js');
  // Debug logs of 10,000 subscriptions would be kept in memory by the test stack: warn only.
  const stack = await startTestStack({ env: { TELEMETRY_INTERVAL_S: String(INTERVAL_S), LOG_LEVEL: 'warn' } });
  try {
    const org = await stack.demoOrganization();
    const sites = (await stack.execute(`query ($n: Int!) { sites(first: $n) { edges { node { id energySiteId } } } }`, { n: SITES }, org.apiKey)).data as {
      sites: { edges: { node: { id: string; energySiteId: string } }[] };
    };
    const siteIds = sites.sites.edges.map((e) => e.node.id);

    const child = fork(fileURLToPath(import.meta.url), [], {
      env: { ...env, BENCH_ROLE: 'clients', BENCH_URL: `${stack.gatewayUrl.replace('http', 'ws')}/graphql`, BENCH_API_KEY: org.apiKey, BENCH_SITE_IDS: JSON.stringify(siteIds) },
    });
    const nextMessage = <T extends FromClients['type']>(type: T) =>
      new Promise<Extract<FromClients, { type: T }>>((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`the clients exited (${code}) before '${type}'`)));
        const listen = (message: FromClients) => (message.type === type ? resolve(message as Extract<FromClients, { type: T }>) : child.once('message', listen));
        child.once('message', listen);
      });
    const subscribed = await nextMessage('subscribed');

    await stack.sim.resetCounters();
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    let peakRss = 0;
    const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 250);
    const measureStarted = Date.now();
    child.send({ type: 'measure' } satisfies ToClients);
    await new Promise((r) => setTimeout(r, INTERVALS * INTERVAL_S * 1000));
    const measuredS = (Date.now() - measureStarted) / 1000;
    const result = nextMessage('result');
    child.send({ type: 'stop' } satisfies ToClients);
    const { latenciesMs, ...delivery } = await result;
    clearInterval(rssTimer);
    loopDelay.disable();

    const counters = await stack.sim.counters();
    const liveStatusCalls = sites.sites.edges.map((e) => counters.byEndpointAndDevice[`live_status:${e.node.energySiteId}`] ?? 0);
    const metrics = await (await fetch(`${stack.gatewayUrl}/metrics`)).text();
    const metric = (name: string) => {
      const value = new RegExp(`^${name} (\\S+)$`, 'm').exec(metrics)?.[1];
      return value === undefined ? null : Number(value);
    };
    latenciesMs.sort((a, b) => a - b);
    const figures = {
      database: stack.gateway.database.kind,
      bus: stack.gateway.bus.kind,
      subscribers: SUBSCRIBERS,
      connections: CONNECTIONS,
      sites: siteIds.length,
      shared: !UNSHARED,
      intervalS: INTERVAL_S,
      measuredS: round(measuredS),
      // Until every subscriber had its first event (the latest sample, or the first poll).
      setup: { ms: subscribed.setupMs, subscribersWithAnEvent: subscribed.withFirstEvent },
      eventsReceived: delivery.events,
      eventsPerSubscriber: delivery.eventsPerSubscriber,
      errors: delivery.errors,
      ...(delivery.sampleErrors.length ? { sampleErrors: delivery.sampleErrors } : {}),
      latencyMs: {
        p50: round(percentile(latenciesMs, 50)),
        p95: round(percentile(latenciesMs, 95)),
        p99: round(percentile(latenciesMs, 99)),
        max: round(latenciesMs.at(-1) ?? NaN),
      },
      liveStatusCallsPerInterval: round(liveStatusCalls.reduce((a, b) => a + b, 0) / (measuredS / INTERVAL_S)),
      gatewayEventLoopDelayMs: { p99: round(loopDelay.percentile(99) / 1e6), max: round(loopDelay.max / 1e6) },
      // Gateway + simulator + embedded database: the clients run in their own process.
      rssMiB: { peak: round(peakRss / 2 ** 20), end: round(process.memoryUsage().rss / 2 ** 20) },
      sharedExecutionsActive: metric('derms_subscription_executions_active'),
      eventsDropped: metric('derms_subscription_events_dropped_total'),
    };
    console.log(JSON.stringify(figures, null, 2));
  } finally {
    await stack.close();
  }
}

if (env['BENCH_ROLE'] === 'clients') await runClients();
else await runBench();
