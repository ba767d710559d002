/**
 * The WebSocket subscribers of the subscription scenarios, in their own process (forked by
 * lib/subscriptions.ts with an IPC channel): parsing 10,000 messages per interval must not share an
 * event loop with the gateway or the orchestrator. Subscriber i watches siteIds[i % siteIds.length]
 * over connection i % connections.
 *
 * Latency per received event = receipt time here − the event's `sampledAt` (same machine clock):
 * publish → execution → fan-out → WebSocket → parse.
 *
 * It exits only once its result is written to the IPC channel (process.send's callback): exiting
 * right after `process.send` could drop a large result still queued in the pipe while the parent
 * was busy — the old "clients exited (0) before 'result'" of BENCH_UNSHARED=1 at 10,000.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface SubscriberClientsConfig {
  url: string;
  apiKey: string;
  siteIds: string[];
  subscribers: number;
  connections: number;
  /** A distinct operation name per subscriber (the old BENCH_UNSHARED=1: defeats sharing even on one site). */
  distinctOperations: boolean;
  /** Give up waiting for every subscriber's first event after this long. */
  setupTimeoutMs: number;
  /** Subscribes sent per second while setting up (0: all at once). */
  subscribeRatePerS: number;
}

export type ToClients = { type: 'start'; config: SubscriberClientsConfig } | { type: 'measure' } | { type: 'stop' };
export type FromClients =
  | { type: 'ready' }
  | { type: 'subscribed'; setupMs: number; withFirstEvent: number }
  | {
      type: 'result';
      events: number;
      errors: number;
      sampleErrors: string[];
      /** Delivery latencies, ms, as a Float64Array's bytes in base64 (compact over IPC). */
      latencies: string;
      eventsPerSubscriber: { min: number; max: number };
    };

const FIELDS = 'siteTelemetry(siteIds: $ids) { site { id } liveStatus { solarPowerW batteryPowerW percentageCharged } sampledAt stale error }';

async function runClients(config: SubscriberClientsConfig): Promise<void> {
  const send = (message: FromClients) => new Promise<void>((resolve, reject) => process.send!(message, undefined, {}, (error) => (error ? reject(error) : resolve())));
  const { url, apiKey, siteIds, subscribers, connections } = config;
  const clients: Client[] = Array.from({ length: connections }, () =>
    createClient({ url, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${apiKey}` }, lazy: false, retryAttempts: 0 }),
  );
  // Connected first: 10,000 subscribes queued behind a connection_init would time it out (4408).
  await Promise.all(clients.map((c) => new Promise((resolve) => c.on('connected', resolve))));
  let measuring = false;
  let latencies: number[] = [];
  let errors = 0;
  const sampleErrors: string[] = [];
  const counts = new Uint32Array(subscribers);
  let withFirstEvent = 0;
  // Shared subscribers get the same sampledAt string many times: parse it once.
  const parsed = new Map<string, number>();
  const sampledMs = (sampledAt: string) => {
    let ms = parsed.get(sampledAt);
    if (ms === undefined) {
      if (parsed.size > 50_000) parsed.clear();
      parsed.set(sampledAt, (ms = Date.parse(sampledAt)));
    }
    return ms;
  };
  const started = performance.now();
  const subscribe = (i: number) =>
    clients[i % connections]!.subscribe<{ siteTelemetry: { sampledAt: string } }>(
      { query: `subscription ${config.distinctOperations ? `Watch${i}` : 'Watch'}($ids: [ID!]!) { ${FIELDS} }`, variables: { ids: [siteIds[i % siteIds.length]] } },
      {
        next: (result) => {
          const receivedAt = Date.now();
          if (result.errors || !result.data) {
            errors++;
            if (sampleErrors.length < 3) sampleErrors.push(JSON.stringify(result.errors));
            return;
          }
          if (counts[i]!++ === 0) withFirstEvent++;
          if (measuring) latencies.push(receivedAt - sampledMs(result.data.siteTelemetry.sampledAt));
        },
        error: (error) => {
          errors++;
          const { code, reason, message } = error as { code?: number; reason?: string; message?: string };
          if (sampleErrors.length < 3) sampleErrors.push(JSON.stringify({ code, reason, message }));
        },
        complete: () => {},
      },
    );
  const stops: (() => void)[] = [];
  // Paced: a real fleet of apps connects over time, and what is measured is delivery once subscribed.
  const perTick = config.subscribeRatePerS > 0 ? Math.max(1, Math.round(config.subscribeRatePerS / 10)) : subscribers;
  for (let i = 0; i < subscribers; i++) {
    stops.push(subscribe(i));
    if ((i + 1) % perTick === 0 && i + 1 < subscribers) await new Promise((r) => setTimeout(r, 100));
  }
  // Subscribed = every subscriber has had an event (the latest sample, or the first poll).
  const deadline = Date.now() + config.setupTimeoutMs;
  while (withFirstEvent < subscribers && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  await send({ type: 'subscribed', setupMs: performance.now() - started, withFirstEvent });

  process.on('message', (message: ToClients) => {
    if (message.type === 'start') return;
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
    const bytes = Buffer.from(Float64Array.from(latencies).buffer).toString('base64');
    void send({ type: 'result', events: latencies.length, errors, sampleErrors, latencies: bytes, eventsPerSubscriber: { min, max } })
      .then(async () => {
        for (const stop of stops) stop();
        await Promise.race([Promise.all(clients.map((c) => c.dispose())), new Promise((r) => setTimeout(r, 5000))]);
      })
      .finally(() => process.exit(0));
  });
}

// The configuration comes over IPC: 10,000 site ids are more than one environment variable may hold (E2BIG).
process.once('message', (message: ToClients) => {
  if (message.type !== 'start') throw new Error(`expected the configuration first, got ${message.type}`);
  runClients(message.config).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
});
process.send!({ type: 'ready' } satisfies FromClients);
