/**
 * `npm run bench` (`-- --quick` for shorter measuring windows, same scale): issue 12's targets,
 * measured in one run. The gateway (`src/main.ts`), the simulator and a bare graphql-yoga
 * hello-world each run as their own process on loopback; the load comes from this process
 * (autocannon) and from a forked WebSocket subscriber process. Prints a table, then one last line
 * `BENCH {json}`. Nothing is asserted: targets are judged from the figures.
 *
 * With DATABASE_URL and REDIS_URL set, the overhead is measured on the embedded defaults and on
 * Postgres + Redis (a fresh database per gateway, dropped after; Redis database BENCH_REDIS_DB,
 * default 13, so rate-limit buckets are not shared with tests), and the subscription and dispatch
 * scenarios run on Postgres + Redis; otherwise everything runs on the embedded defaults.
 *
 * Scenarios (BENCH_ONLY=cold,overhead,shared,unshared,upstream,dispatch,console picks some):
 * - cold: `npm start` to /readyz on the embedded defaults (fresh DATA_DIR).
 * - overhead: autocannon, 50 connections, LOAD_S seconds each (20; quick 5): bare yoga `{ hello }`,
 *   warm `site(id) { liveStatus }` and `sites(first: 50) { liveStatus }` on the gateway (demo fleet,
 *   UPSTREAM_CACHE_TTL_S=3600), bare yoga again; the ratios use the mean of the two bare windows.
 * - shared: 10,000 siteTelemetry subscribers over 100 sockets on 25 sites (TELEMETRY_INTERVAL_S=2).
 * - unshared: 10,000 subscribers, each on its own site of the 10,000-site `large` account
 *   (TELEMETRY_INTERVAL_S=30, the gateway's default: one live_status per site per interval).
 * - upstream: 50 clients each reading 1,000 sites' liveStatus and settings at once; Tesla calls ÷ 2,000.
 * - console: the control room (its built assets) in Chromium (/usr/bin/chromium or CHROMIUM_PATH,
 *   headless, the e2e test's flags; test/bench/control-room.ts) against the 10,000-site gateway,
 *   signed in through sessionStorage on a fresh profile: navigation → the sites table's first row;
 *   navigation → "N of M reporting" with M = the fleet and N > 0 (bounded wait, 60 s; what it reached
 *   is printed); the distinct site ids in its siteTelemetry subscribe frames after the load and open
 *   after paging forward and back (each ≤ the page of 25), Next → and ← Previous timed on the page;
 *   then BENCH_CONSOLE_LIVE_S (10) seconds of live telemetry: fleet and site updates received,
 *   main-thread long tasks (PerformanceObserver 'longtask': count, total and longest ms), JS heap
 *   used (CDP Performance.getMetrics) at its start and end; then a click on the Charge column until
 *   the fleet's lowest charges are on screen (sites(orderBy:)); console errors over the whole scenario.
 *   A table row only (the BENCH line's keys are fixed). It runs after the dispatch: its fleet
 *   subscription has every site polled, which would add to the dispatch's Tesla calls.
 * - dispatch: dispatchBattery over the 10,000 sites, every Fleet API call 50 ms at the simulator,
 *   Tesla's per-device limits on; BENCH_DISPATCH_EMBEDDED=1 (or full mode with Postgres) also
 *   measures it on the embedded defaults.
 *
 * Environment: BENCH_SITES (10000), BENCH_SUBSCRIBERS (10000), BENCH_DISPATCH_SITES (= BENCH_SITES),
 * BENCH_SHARED_INTERVAL_S (2) and BENCH_UNSHARED_INTERVAL_S (30): TELEMETRY_INTERVAL_S of the two
 * subscription scenarios, BENCH_COMMAND_CONCURRENCY (100; the gateway's maximum) and
 * BENCH_COMMAND_GLOBAL_RATE_PER_S (1000): the dispatch gateway's COMMAND_CONCURRENCY and
 * COMMAND_GLOBAL_RATE_PER_S (the defaults, 4 and 50, would make 10,000 sites' ~84,000 calls take
 * at least 28 minutes), BENCH_VERIFY_INTERVAL_S (1: DISPATCH_VERIFY_INTERVAL_S), BENCH_REDIS_DB (13),
 * BENCH_SUBSCRIBE_RATE (500 subscribes/s while setting up; 0 = all at once: 10,000 distinct
 * subscribes at once exhaust the gateway's 10-connection Postgres pool, see the report of issue 12),
 * BENCH_CONSOLE_LIVE_S (10: the console's live window; 35 covers one of the gateway's 30 s polls).
 * BENCH_METRICS_FILE: after each dispatch, the gateway's /metrics is written there (Tesla call
 * durations per endpoint, event-loop lag), to see where a dispatch's time goes.
 */
import { measureControlRoom, type ControlRoomFigures } from './control-room.js';
import { measureColdStart } from './lib/cold-start.js';
import { measureDispatch, type DispatchFigures } from './lib/dispatch.js';
import { listSites } from './lib/fleet.js';
import { graphqlLoad, type LoadFigures } from './lib/http-load.js';
import { killAll, rssMiB, sharedStateAvailable, startBareYoga, startGateway, startSimulatorProcess, type GatewayProcess } from './lib/processes.js';
import { round } from './lib/stats.js';
import { measureSubscriptions, type SubscriptionFigures } from './lib/subscriptions.js';
import { measureUpstreamRatio, type UpstreamRatioFigures } from './lib/upstream-ratio.js';

const env = process.env;
const QUICK = process.argv.includes('--quick');
const num = (name: string, fallback: number) => (env[name] ? Number(env[name]) : fallback);
const ONLY = new Set((env['BENCH_ONLY'] ?? 'cold,overhead,shared,unshared,upstream,dispatch,console').split(',').map((s) => s.trim()));
const SITES = num('BENCH_SITES', 10_000);
const SUBSCRIBERS = num('BENCH_SUBSCRIBERS', 10_000);
const DISPATCH_SITES = Math.min(SITES, num('BENCH_DISPATCH_SITES', SITES));
const CONNECTIONS = 100;
const LOAD_CONNECTIONS = 50;
const LOAD_S = QUICK ? 5 : 20;
const SHARED_SITES = 25;
const SHARED_INTERVAL_S = num('BENCH_SHARED_INTERVAL_S', 2);
const SHARED_INTERVALS = QUICK ? 4 : 15;
const UNSHARED_INTERVAL_S = num('BENCH_UNSHARED_INTERVAL_S', 30);
const UNSHARED_INTERVALS = QUICK ? 1 : 4;
const UPSTREAM_CLIENTS = 50;
const UPSTREAM_SITES = Math.min(1000, SITES);
const CONSOLE_LIVE_S = num('BENCH_CONSOLE_LIVE_S', 10);
const DISPATCH = {
  latencyMs: 50,
  concurrency: num('BENCH_COMMAND_CONCURRENCY', 100),
  globalRatePerS: num('BENCH_COMMAND_GLOBAL_RATE_PER_S', 1000),
  verifyIntervalS: num('BENCH_VERIFY_INTERVAL_S', 1),
};
const SHARED_STATE = sharedStateAvailable();

const SITE_QUERY = `query SiteLive($id: ID!) { site(id: $id) { id liveStatus { solarPowerW batteryPowerW gridPowerW percentageCharged } } }`;
const LIST_QUERY = `query SitesLive { sites(first: 50) { edges { node { id liveStatus { solarPowerW batteryPowerW gridPowerW percentageCharged } } } } }`;

const log = (message: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
const rows: [string, string][] = [];
const row = (scenario: string, figures: string) => {
  rows.push([scenario, figures]);
  log(`${scenario}: ${figures}`);
};

interface OverheadFigures {
  database: string;
  bare: LoadFigures;
  site: LoadFigures;
  list: LoadFigures;
  ratio: number;
  listRatio: number;
  gatewayRssMiB: number;
}

/** Bare yoga and the gateway side by side: bare, site(id), sites(first: 50), each LOAD_S seconds. */
async function overhead(simulatorUrl: string, bareUrl: string, shared: boolean): Promise<OverheadFigures> {
  const gateway = await startGateway({ simulatorUrl, shared, env: { UPSTREAM_CACHE_TTL_S: '3600' } });
  try {
    const [site] = await listSites(gateway.url, gateway.apiKey, 1, { battery: true });
    // Warm: the first reads fill the cache (the first 50 sites' live status), and a short load of
    // each operation gets the JIT and the gateway's start-up work out of the measured windows.
    const warm = { connections: LOAD_CONNECTIONS, durationS: 2, apiKey: gateway.apiKey };
    await graphqlLoad(gateway.url, { query: SITE_QUERY, variables: { id: site!.id } }, warm);
    await graphqlLoad(gateway.url, { query: LIST_QUERY }, warm);
    await graphqlLoad(bareUrl, { query: '{ hello }' }, { connections: LOAD_CONNECTIONS, durationS: 2 });
    // Bare yoga before and after the gateway's two windows, averaged: on a shared machine the load of
    // others drifts, and the ratio should compare like with like.
    const bareBefore = await graphqlLoad(bareUrl, { query: '{ hello }' }, { connections: LOAD_CONNECTIONS, durationS: LOAD_S });
    const siteLoad = await graphqlLoad(gateway.url, { query: SITE_QUERY, variables: { id: site!.id } }, { connections: LOAD_CONNECTIONS, durationS: LOAD_S, apiKey: gateway.apiKey });
    const list = await graphqlLoad(gateway.url, { query: LIST_QUERY }, { connections: LOAD_CONNECTIONS, durationS: LOAD_S, apiKey: gateway.apiKey });
    const bareAfter = await graphqlLoad(bareUrl, { query: '{ hello }' }, { connections: LOAD_CONNECTIONS, durationS: LOAD_S });
    const bare: LoadFigures = {
      rps: Math.round((bareBefore.rps + bareAfter.rps) / 2),
      p50Ms: Math.max(bareBefore.p50Ms, bareAfter.p50Ms),
      p99Ms: Math.max(bareBefore.p99Ms, bareAfter.p99Ms),
      requests: bareBefore.requests + bareAfter.requests,
      errors: bareBefore.errors + bareAfter.errors,
      non2xx: bareBefore.non2xx + bareAfter.non2xx,
    };
    const figures = { database: `${gateway.database}+${gateway.bus}`, bare, site: siteLoad, list, ratio: round(siteLoad.rps / bare.rps, 3), listRatio: round(list.rps / bare.rps, 3), gatewayRssMiB: round(rssMiB(gateway.pid)) };
    const errors = (l: LoadFigures) => (l.errors || l.non2xx ? ` (${l.errors} errors, ${l.non2xx} non-2xx)` : '');
    row(
      `overhead ${figures.database}`,
      `bare yoga ${bare.rps} rps (${bareBefore.rps} before, ${bareAfter.rps} after)${errors(bare)}; site(id) ${siteLoad.rps} rps p99 ${siteLoad.p99Ms} ms${errors(siteLoad)} → ratio ${figures.ratio}; sites(first: 50) ${list.rps} rps p99 ${list.p99Ms} ms${errors(list)} → ratio ${figures.listRatio}`,
    );
    return figures;
  } finally {
    await gateway.stop();
  }
}

/** The gateway's own error lines (LOG_LEVEL=warn keeps its output small), for figures that show errors. */
function gatewayErrors(gateway: GatewayProcess): string {
  const lines = gateway.output.join('').split('\n').filter((line) => /"level":(50|60)/.test(line));
  return lines.length ? `${lines.length} error lines in the gateway's log, the last: ${lines.slice(-3).join(' | ').slice(0, 3000)}` : 'no error lines in the gateway log';
}

function subscriptionRow(name: string, gateway: GatewayProcess, f: SubscriptionFigures): void {
  if (f.errors) log(`${name}: ${gatewayErrors(gateway)}`);
  row(
    `${name} ${gateway.database}+${gateway.bus}`,
    `${f.subscribers} subscribers / ${f.connections} sockets / ${f.sites} sites, interval ${f.intervalS} s, ${f.measuredS} s measured: ` +
      `p50 ${f.latencyMs.p50} p95 ${f.latencyMs.p95} p99 ${f.latencyMs.p99} max ${f.latencyMs.max} ms; ${f.eventsReceived} events (per subscriber ${f.eventsPerSubscriber.min}–${f.eventsPerSubscriber.max}), ` +
      `${f.errors} errors${f.sampleErrors ? ` ${f.sampleErrors.join(' ')}` : ''}; setup ${round(f.setupMs / 1000)} s (${f.subscribersWithAnEvent} with an event); ` +
      `live_status/interval ${f.liveStatusCallsPerInterval}; gateway RSS peak ${f.rssMiB} MiB`,
  );
}

function dispatchRow(gateway: GatewayProcess, f: DispatchFigures): void {
  if ((f.outcome['failed'] ?? 0) + (f.outcome['expired'] ?? 0) > 0) log(`dispatch: ${gatewayErrors(gateway)}`);
  row(
    `dispatch ${gateway.database}+${gateway.bus}`,
    `${f.sites} sites: answered in ${f.answerMs} ms; all DISPATCH_SITE terminal after ${round(f.wallMs / 1000)} s; ${f.teslaCalls} Tesla calls ` +
      `(${Object.entries(f.teslaCallsByEndpoint).map(([k, v]) => `${k} ${v}`).join(', ')}); minimum ${round(f.minimumMs / 1000)} s ` +
      `(rate ${f.settings.globalRatePerS}/s, concurrency ${f.settings.concurrency}, ${f.settings.latencyMs} ms/call, verify ${f.settings.verifyIntervalS} s) → ratio ${f.ratio}; outcome ${JSON.stringify(f.outcome)}`,
  );
}

function controlRoomRow(f: ControlRoomFigures): void {
  const seconds = (ms: number) => `${round(ms / 1000, 2)} s`;
  const tasks = (t: ControlRoomFigures['longTasks']) => `${t.count} (${t.totalMs} ms, longest ${t.maxMs} ms)`;
  const overPage = f.maxIdsPerSubscribe > f.pageSize || f.openIdsAfterPaging > f.pageSize ? ' — MORE THAN A PAGE' : '';
  row(
    `control room ${f.sites.toLocaleString('en-US')} sites`,
    `first rows ${seconds(f.firstRowsMs)} after navigation (${f.rowsOnPage} rows, "${f.tableTotal}"); ` +
      `"${f.reportingText}" ${f.reportingMs === null ? `not M of ${f.sites} with N > 0 within ${f.reportingWaitS} s` : `after ${seconds(f.reportingMs)}`}; ` +
      `siteTelemetry ids: ${f.subscribedIdsAfterLoad} after load${f.subscribedMatchesRowsAfterLoad ? ' (the rows)' : ' (NOT the rows)'}, ` +
      `${f.openIdsAfterPaging} open after Next → and ← Previous${f.openMatchesRowsAfterPaging ? ' (the rows)' : ' (NOT the rows)'}, ` +
      `${f.subscribedIdsTotal} over ${f.subscribeFrames} subscribes, at most ${f.maxIdsPerSubscribe} per subscribe (page ${f.pageSize})${overPage}; ` +
      `Next → ${f.pageForwardMs} ms, ← Previous ${f.pageBackMs} ms; whole fleet sorted by charge ${f.sortByChargeMs} ms; long tasks during the load ${tasks(f.loadLongTasks)}; ` +
      `${f.liveS} s live (${f.fleetUpdates} fleet updates, ${f.siteSamples} site samples; ${f.siteSamplesTotal} over the scenario; at its end "${f.reportingTextEnd}", ${f.rowsWithReading} of ${f.rowsOnPage} rows with a reading): long tasks ${tasks(f.longTasks)}, JS heap ${f.heapUsedMiB.start} → ${f.heapUsedMiB.end} MiB; ` +
      `${f.consoleErrors} console errors${f.consoleErrors ? ` ${JSON.stringify(f.sampleErrors)}` : ''}`,
  );
}

/** A scenario that fails is reported as such; the others still run, and its figures stay null. */
async function attempt(name: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    row(name, `FAILED: ${error instanceof Error ? error.message : String(error)}`.slice(0, 3000));
  }
}

const bigGatewayEnv = (intervalS: number) => ({
  SANDBOX_ACCOUNT: 'large',
  TELEMETRY_INTERVAL_S: String(intervalS),
  COMMAND_CONCURRENCY: String(DISPATCH.concurrency),
  COMMAND_GLOBAL_RATE_PER_S: String(DISPATCH.globalRatePerS),
  COMMAND_POLL_INTERVAL_S: '0.5',
  DISPATCH_VERIFY_INTERVAL_S: String(DISPATCH.verifyIntervalS),
});

async function main(): Promise<void> {
  const benchStarted = performance.now();
  log(`${QUICK ? 'quick' : 'full'} run; ${SHARED_STATE ? 'Postgres + Redis available' : 'embedded defaults only (no DATABASE_URL/REDIS_URL)'}; scenarios ${[...ONLY].join(',')}`);
  const result = {
    overheadThroughputRatio: null as number | null,
    overheadThroughputRatioPostgres: null as number | null,
    gatewayRps: null as number | null,
    bareYogaRps: null as number | null,
    gatewayP99Ms: null as number | null,
    listThroughputRatio: null as number | null,
    upstreamCallRatio: null as number | null,
    wsSubscribers: null as number | null,
    wsP99Ms: null as number | null,
    wsRssMiB: null as number | null,
    wsUnsharedSubscribers: null as number | null,
    wsUnsharedP99Ms: null as number | null,
    wsUnsharedRssMiB: null as number | null,
    dispatchSites: null as number | null,
    dispatchRatio: null as number | null,
    dispatchAnswerMs: null as number | null,
    coldStartMs: null as number | null,
  };

  // First, while nothing of the bench runs yet.
  if (ONLY.has('cold')) {
    await attempt('cold start', async () => {
      const cold = await measureColdStart();
      result.coldStartMs = cold.ms;
      row('cold start (npm start → /readyz, embedded)', `${cold.ms} ms`);
    });
  }

  const needsLarge = ONLY.has('unshared') || ONLY.has('upstream') || ONLY.has('console') || ONLY.has('dispatch');
  const simulator = await startSimulatorProcess({ largeAccountSites: needsLarge ? SITES : 0 });
  log(`simulator ${simulator.url} (pid ${simulator.pid})`);
  try {
    if (ONLY.has('overhead')) {
      const bare = await startBareYoga();
      try {
        await attempt('overhead pglite+memory', async () => {
          const embedded = await overhead(simulator.url, bare.url, false);
          result.overheadThroughputRatio = embedded.ratio;
          result.gatewayRps = embedded.site.rps;
          result.bareYogaRps = embedded.bare.rps;
          result.gatewayP99Ms = embedded.site.p99Ms;
          result.listThroughputRatio = embedded.listRatio;
        });
        if (SHARED_STATE) await attempt('overhead postgres+redis', async () => void (result.overheadThroughputRatioPostgres = (await overhead(simulator.url, bare.url, true)).ratio));
      } finally {
        await bare.stop();
      }
    }

    if (ONLY.has('shared')) await attempt('subscriptions shared', async () => {
      const gateway = await startGateway({ simulatorUrl: simulator.url, shared: SHARED_STATE, env: { TELEMETRY_INTERVAL_S: String(SHARED_INTERVAL_S) } });
      try {
        const siteIds = await listSites(gateway.url, gateway.apiKey, SHARED_SITES);
        const f = await measureSubscriptions({
          gatewayUrl: gateway.url,
          gatewayPid: gateway.pid,
          apiKey: gateway.apiKey,
          simulatorUrl: simulator.url,
          siteIds,
          subscribers: SUBSCRIBERS,
          connections: CONNECTIONS,
          intervalS: SHARED_INTERVAL_S,
          intervals: SHARED_INTERVALS,
        });
        subscriptionRow('subscriptions shared', gateway, f);
        [result.wsSubscribers, result.wsP99Ms, result.wsRssMiB] = [f.subscribers, f.latencyMs.p99, f.rssMiB];
      } finally {
        await gateway.stop();
      }
    });

    if (needsLarge) await attempt(`the ${SITES}-site gateway`, async () => {
      const gateway = await startGateway({ simulatorUrl: simulator.url, shared: SHARED_STATE, env: bigGatewayEnv(UNSHARED_INTERVAL_S) });
      log(`gateway with the ${SITES}-site account ready in ${round(gateway.readyMs / 1000)} s (${gateway.database}+${gateway.bus}), RSS ${round(rssMiB(gateway.pid))} MiB`);
      try {
        const sites = await listSites(gateway.url, gateway.apiKey, SITES);
        if (ONLY.has('upstream')) await attempt('upstream calls', async () => {
          // Before any subscriber: their polls would fill the cache the clients then read from.
          const f: UpstreamRatioFigures = await measureUpstreamRatio({ gatewayUrl: gateway.url, apiKey: gateway.apiKey, simulatorUrl: simulator.url, clients: UPSTREAM_CLIENTS, sites: UPSTREAM_SITES, pageSize: 100 });
          row(
            `upstream calls ${gateway.database}+${gateway.bus}`,
            `${f.clients} clients × ${f.sites} sites (liveStatus + settings, pages of 100, ${f.requests} requests in ${round(f.elapsedMs / 1000)} s): ` +
              `Tesla calls ${Object.entries(f.teslaCalls).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'} → ratio ${f.ratio}`,
          );
          result.upstreamCallRatio = f.ratio;
        });
        if (ONLY.has('unshared')) await attempt('subscriptions unshared', async () => {
          const f = await measureSubscriptions({
            gatewayUrl: gateway.url,
            gatewayPid: gateway.pid,
            apiKey: gateway.apiKey,
            simulatorUrl: simulator.url,
            siteIds: sites.slice(0, SUBSCRIBERS),
            subscribers: SUBSCRIBERS,
            connections: CONNECTIONS,
            intervalS: UNSHARED_INTERVAL_S,
            intervals: UNSHARED_INTERVALS,
          });
          subscriptionRow('subscriptions unshared', gateway, f);
          [result.wsUnsharedSubscribers, result.wsUnsharedP99Ms, result.wsUnsharedRssMiB] = [f.subscribers, f.latencyMs.p99, f.rssMiB];
          // The subscribers are gone: their sites' polling stops once the interest expires.
          await new Promise((r) => setTimeout(r, 2000));
        });
        if (ONLY.has('dispatch')) await attempt('dispatch', async () => {
          const f = await dispatchOn(gateway, simulator.url, sites.slice(0, DISPATCH_SITES).map((s) => s.id));
          [result.dispatchSites, result.dispatchRatio, result.dispatchAnswerMs] = [f.sites, f.ratio, f.answerMs];
        });
        if (ONLY.has('console')) await attempt(`control room ${SITES.toLocaleString('en-US')} sites`, async () => {
          // The browser is closed when this returns, also when it throws.
          controlRoomRow(await measureControlRoom({ gatewayUrl: gateway.url, apiKey: gateway.apiKey, sites: sites.length, liveS: CONSOLE_LIVE_S, log }));
        });
      } finally {
        await gateway.stop();
      }
    });
    if (ONLY.has('dispatch') && SHARED_STATE && (env['BENCH_DISPATCH_EMBEDDED'] === '1' || (!QUICK && env['BENCH_DISPATCH_EMBEDDED'] !== '0'))) {
      // The embedded figure too (a table row only: the BENCH line's dispatch figures are Postgres + Redis).
      await attempt('dispatch pglite+memory', async () => {
        // Back to the seeded world: the sites the first dispatch moved would need no lever now.
        await fetch(`${simulator.url}/sim/reset`, { method: 'POST' });
        const embedded = await startGateway({ simulatorUrl: simulator.url, shared: false, env: bigGatewayEnv(UNSHARED_INTERVAL_S) });
        try {
          const sites = await listSites(embedded.url, embedded.apiKey, DISPATCH_SITES);
          await dispatchOn(embedded, simulator.url, sites.map((s) => s.id));
        } finally {
          await embedded.stop();
        }
      });
    }
  } finally {
    await simulator.stop();
  }

  const width = Math.max(...rows.map(([s]) => s.length));
  console.log(`\nderms-gateway bench (${QUICK ? 'quick' : 'full'}; ${round((performance.now() - benchStarted) / 1000)} s; ${new Date().toISOString()})`);
  for (const [scenario, figures] of rows) console.log(`${scenario.padEnd(width)}  ${figures}`);
  console.log(`BENCH ${JSON.stringify(result)}`);
}

async function dispatchOn(gateway: GatewayProcess, simulatorUrl: string, siteIds: string[]): Promise<DispatchFigures> {
  const f = await measureDispatch({
    gatewayUrl: gateway.url,
    apiKey: gateway.apiKey,
    simulatorUrl,
    siteIds,
    ...DISPATCH,
    timeoutMs: 900_000,
    onProgress: (p, ms) => log(`dispatch ${round(ms / 1000)} s: ${JSON.stringify(p)}`),
  });
  dispatchRow(gateway, f);
  if (env['BENCH_METRICS_FILE']) (await import('node:fs')).writeFileSync(env['BENCH_METRICS_FILE'], await (await fetch(`${gateway.url}/metrics`)).text());
  return f;
}

try {
  await main();
} catch (error) {
  killAll();
  throw error;
}
