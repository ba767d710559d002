import { fork } from 'node:child_process';
import path from 'node:path';
import type { FromClients, SubscriberClientsConfig, ToClients } from '../subscriber-clients.js';
import { SimulatorAdmin } from '../../helpers/simulator-admin.js';
import { percentile, round } from './stats.js';
import { sampleRss, track } from './processes.js';

export interface SubscriptionScenario {
  gatewayUrl: string;
  gatewayPid: number;
  apiKey: string;
  simulatorUrl: string;
  /** Subscriber i watches siteIds[i % siteIds.length]. */
  siteIds: { id: string; energySiteId: string }[];
  subscribers: number;
  connections: number;
  intervalS: number;
  /** Measured intervals. */
  intervals: number;
  distinctOperations?: boolean;
  setupTimeoutMs?: number;
  /** Subscribes per second while setting up; default BENCH_SUBSCRIBE_RATE or 500 (0: all at once). */
  subscribeRatePerS?: number;
}

export interface SubscriptionFigures {
  subscribers: number;
  connections: number;
  sites: number;
  intervalS: number;
  measuredS: number;
  setupMs: number;
  subscribersWithAnEvent: number;
  eventsReceived: number;
  eventsPerSubscriber: { min: number; max: number };
  errors: number;
  sampleErrors?: string[];
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  liveStatusCallsPerInterval: number;
  /** The gateway process's resident set: peak during the measured window, MiB. */
  rssMiB: number;
}

/** Subscribers in a forked process against a running gateway; the gateway's RSS is read from /proc. */
export async function measureSubscriptions(s: SubscriptionScenario): Promise<SubscriptionFigures> {
  const config: SubscriberClientsConfig = {
    url: `${s.gatewayUrl.replace(/^http/, 'ws')}/graphql`,
    apiKey: s.apiKey,
    siteIds: s.siteIds.map((site) => site.id),
    subscribers: s.subscribers,
    connections: s.connections,
    distinctOperations: s.distinctOperations ?? false,
    setupTimeoutMs: s.setupTimeoutMs ?? 180_000,
    subscribeRatePerS: s.subscribeRatePerS ?? Number(process.env['BENCH_SUBSCRIBE_RATE'] ?? 500),
  };
  const child = track(
    fork(path.join(import.meta.dirname, '../subscriber-clients.ts'), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  const messages: FromClients[] = [];
  const waiters: (() => void)[] = [];
  let exited: number | null | undefined;
  child.on('message', (message: FromClients) => (messages.push(message), waiters.splice(0).forEach((w) => w())));
  child.once('exit', (code) => ((exited = code), waiters.splice(0).forEach((w) => w())));
  const next = async <T extends FromClients['type']>(type: T): Promise<Extract<FromClients, { type: T }>> => {
    for (;;) {
      const found = messages.find((m) => m.type === type);
      if (found) return found as Extract<FromClients, { type: T }>;
      if (exited !== undefined) throw new Error(`the subscriber clients exited (${exited}) before '${type}'`);
      await new Promise<void>((r) => waiters.push(r));
    }
  };
  try {
    await next('ready');
    child.send({ type: 'start', config } satisfies ToClients);
    const subscribed = await next('subscribed');
    const sim = new SimulatorAdmin(s.simulatorUrl);
    await sim.resetCounters();
    const rss = sampleRss(s.gatewayPid);
    const measureStarted = Date.now();
    child.send({ type: 'measure' } satisfies ToClients);
    await new Promise((r) => setTimeout(r, s.intervals * s.intervalS * 1000));
    const measuredS = (Date.now() - measureStarted) / 1000;
    child.send({ type: 'stop' } satisfies ToClients);
    const peakRss = rss.stop();
    const counters = await sim.counters();
    const result = await next('result');
    const buffer = Buffer.from(result.latencies, 'base64');
    const latencies = Array.from(new Float64Array(buffer.buffer, buffer.byteOffset, buffer.byteLength / 8)).sort((a, b) => a - b);
    const liveStatusCalls = s.siteIds.reduce((sum, site) => sum + (counters.byEndpointAndDevice[`live_status:${site.energySiteId}`] ?? 0), 0);
    return {
      subscribers: s.subscribers,
      connections: s.connections,
      sites: s.siteIds.length,
      intervalS: s.intervalS,
      measuredS: round(measuredS),
      setupMs: round(subscribed.setupMs),
      subscribersWithAnEvent: subscribed.withFirstEvent,
      eventsReceived: result.events,
      eventsPerSubscriber: result.eventsPerSubscriber,
      errors: result.errors,
      ...(result.sampleErrors.length ? { sampleErrors: result.sampleErrors } : {}),
      latencyMs: { p50: round(percentile(latencies, 50)), p95: round(percentile(latencies, 95)), p99: round(percentile(latencies, 99)), max: round(latencies.at(-1) ?? NaN) },
      liveStatusCallsPerInterval: round(liveStatusCalls / (measuredS / s.intervalS)),
      rssMiB: round(peakRss),
    };
  } finally {
    if (exited === undefined) {
      const gone = new Promise((r) => child.once('exit', r));
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      await gone;
    }
  }
}
