import type { ExecutionResult } from 'graphql';
import type { Client } from 'graphql-ws';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { SharedSubscriptions } from '../../src/server/shared-subscriptions.js';
import { useDemoStack } from '../helpers/demo-stack.js';

interface TelemetryEvent {
  siteTelemetry: { site: { id: string }; sampledAt: string; stale: boolean; liveStatus: { solarPowerW: number; batteryPowerW: number; percentageCharged: number | null } | null };
}

const QUERY = 'subscription Watch($ids: [ID!]!) { siteTelemetry(siteIds: $ids) { site { id } liveStatus { solarPowerW batteryPowerW percentageCharged } sampledAt stale } }';
/** The same operation, formatted differently: shared too (the key is the printed document). */
const QUERY_REFORMATTED = QUERY.replace(/ \{ /g, ' {\n  ');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await sleep(50);
  }
}

describe('identical subscriptions share one execution', () => {
  const demo = useDemoStack({ TELEMETRY_INTERVAL_S: '1' });
  const { ws } = demo;
  const connect = (apiKey: string) => ws.client(demo.stack.gatewayUrl, apiKey);

  /** Subscribes and records what arrives; `stop` unsubscribes. */
  const watch = (client: Client, query = QUERY, ids = [demo.site.id]) => {
    const events: TelemetryEvent[] = [];
    const errors: unknown[] = [];
    let completed = false;
    const stop = client.subscribe<TelemetryEvent>(
      { query, variables: { ids } },
      {
        next: (result) => (result.errors ? errors.push(result.errors) : events.push(result.data as TelemetryEvent)),
        error: (error) => errors.push(error),
        complete: () => (completed = true),
      },
    );
    return { events, errors, stop, sampledAt: () => events.map((e) => e.siteTelemetry.sampledAt), completed: () => completed };
  };

  /** Reads a metric the way Prometheus does: from GET /metrics. */
  const metric = async (name: string) => {
    const text = await (await fetch(`${demo.stack.gatewayUrl}/metrics`)).text();
    const value = new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1];
    if (value === undefined) throw new Error(`${name} is not in /metrics`);
    return Number(value);
  };
  const executionsStarted = () => metric('derms_subscription_executions_total');
  const subscribersServed = () => metric('derms_subscription_subscribers_total');
  const liveStatusCalls = async () => (await demo.stack.sim.counters()).byEndpointAndDevice[`live_status:${demo.site.energySiteId}`] ?? 0;

  it('runs the subscribe once for identical subscriptions on different connections, and all get the same events', async () => {
    const [started, served] = [await executionsStarted(), await subscribersServed()];
    const a = watch(connect(demo.org.apiKey));
    const b = watch(connect(demo.org.apiKey), QUERY_REFORMATTED);
    const common = () => a.sampledAt().filter((t) => b.sampledAt().includes(t));
    await waitFor(() => common().length >= 2);
    a.stop();
    b.stop();

    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
    // The same samples, field for field, however the two joined.
    const last = common().at(-1)!;
    expect(b.events.find((e) => e.siteTelemetry.sampledAt === last)).toEqual(a.events.find((e) => e.siteTelemetry.sampledAt === last));
    expect(a.events.every((e) => e.siteTelemetry.site.id === demo.site.id && !e.siteTelemetry.stale)).toBe(true);
    expect((await executionsStarted()) - started).toBe(1);
    expect((await subscribersServed()) - served).toBe(2);
  });

  it('a subscriber joining a running telemetry execution first gets the latest sample, as a lone subscriber would', async () => {
    const a = watch(connect(demo.org.apiKey));
    await waitFor(() => a.events.length >= 2);
    const joinedAt = Date.now();
    const b = watch(connect(demo.org.apiKey));
    await waitFor(() => b.events.length >= 1);
    a.stop();
    b.stop();
    // Replayed, not polled: B's first event was sampled before B subscribed, and A had it too.
    const first = b.events[0]!.siteTelemetry.sampledAt;
    expect(Date.parse(first)).toBeLessThan(joinedAt);
    expect(a.sampledAt()).toContain(first);
    expect(b.errors).toEqual([]);
  });

  it("does not share with another organization's identical subscription: that one gets NOT_FOUND", async () => {
    const mine = watch(connect(demo.org.apiKey));
    await waitFor(() => mine.events.length >= 1);
    const started = await executionsStarted();

    const other = await demo.stack.createOrganization();
    const theirs = watch(connect(other.apiKey));
    await waitFor(() => theirs.errors.length > 0 || theirs.completed());
    expect(JSON.stringify(theirs.errors)).toContain('NOT_FOUND');
    expect(theirs.events).toEqual([]);
    // An error result is handed back, not kept: asking again runs the subscribe again.
    const again = watch(connect(other.apiKey));
    await waitFor(() => again.errors.length > 0 || again.completed());
    expect(JSON.stringify(again.errors)).toContain('NOT_FOUND');

    const before = mine.events.length;
    await waitFor(() => mine.events.length > before);
    expect(mine.errors).toEqual([]);
    mine.stop();
    expect(await executionsStarted()).toBe(started);
  });

  it('keeps the execution for those who stay, and ends the upstream when the last one leaves', async () => {
    const a = watch(connect(demo.org.apiKey));
    const b = watch(connect(demo.org.apiKey));
    await waitFor(() => a.events.length >= 1 && b.events.length >= 1);

    a.stop();
    const seen = b.events.length;
    await waitFor(() => b.events.length >= seen + 2);
    expect(b.errors).toEqual([]);
    expect(await metric('derms_subscription_executions_active')).toBe(1);

    b.stop();
    await sleep(500);
    const afterLeave = await liveStatusCalls();
    await sleep(2500);
    // The telemetry poller stopped: the shared execution's cleanup ran.
    expect(await liveStatusCalls()).toBe(afterLeave);
    expect(await metric('derms_subscription_executions_active')).toBe(0);
  });
});

/** An upstream stream the test drives: `emit`, `fail`, and whether `return()` ran. */
function upstream() {
  const queue: (ExecutionResult | Error)[] = [];
  let wake: (() => void) | null = null;
  const state = { returned: false };
  const iterator: AsyncGenerator<ExecutionResult, void, void> = {
    async next() {
      while (!queue.length && !state.returned) await new Promise<void>((r) => (wake = r));
      const item = queue.shift();
      if (item instanceof Error) throw item;
      return item ? { value: item, done: false } : { value: undefined, done: true };
    },
    async return() {
      state.returned = true;
      wake?.();
      return { value: undefined, done: true };
    },
    throw: (error) => Promise.reject(error),
    [Symbol.asyncIterator]: () => iterator,
  };
  const push = (item: ExecutionResult | Error) => {
    queue.push(item);
    wake?.();
  };
  return { iterator, state, emit: (n: number) => push({ data: { n } }), fail: (error: Error) => push(error) };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('SharedSubscriptions', () => {
  it('keeps only the newest events of a slow subscriber, without holding up the others', async () => {
    const registry = new Registry();
    const shared = new SharedSubscriptions({ registry, bufferSize: 2 });
    const source = upstream();
    const fast = (await shared.subscribe('k', () => source.iterator)) as AsyncGenerator<ExecutionResult>;
    const slow = (await shared.subscribe('k', () => source.iterator)) as AsyncGenerator<ExecutionResult>;
    const seen: unknown[] = [];
    for (let n = 1; n <= 4; n++) {
      source.emit(n);
      seen.push((await fast.next()).value.data.n);
    }
    expect(seen).toEqual([1, 2, 3, 4]);
    expect((await slow.next()).value.data).toEqual({ n: 3 });
    expect((await slow.next()).value.data).toEqual({ n: 4 });
    expect((await registry.getSingleMetric('derms_subscription_events_dropped_total')!.get()).values[0]!.value).toBe(2);
  });

  it('ends every subscriber with the upstream, or fails them with its error', async () => {
    const shared = new SharedSubscriptions();
    const source = upstream();
    const a = (await shared.subscribe('k', () => source.iterator)) as AsyncGenerator<ExecutionResult>;
    const b = (await shared.subscribe('k', () => source.iterator)) as AsyncGenerator<ExecutionResult>;
    source.emit(1);
    source.fail(new Error('upstream broke'));
    for (const subscriber of [a, b]) {
      expect((await subscriber.next()).value.data).toEqual({ n: 1 });
      await expect(subscriber.next()).rejects.toThrow('upstream broke');
      expect((await subscriber.next()).done).toBe(true);
    }
    // Ended: the next subscriber starts a new execution.
    const again = upstream();
    const c = (await shared.subscribe('k', () => again.iterator)) as AsyncGenerator<ExecutionResult>;
    again.emit(2);
    expect((await c.next()).value.data).toEqual({ n: 2 });
  });

  it('hands an error result back to who asked at the same time, and keeps nothing', async () => {
    const shared = new SharedSubscriptions();
    let runs = 0;
    const run = async () => {
      runs++;
      await tick();
      return { errors: [] } satisfies ExecutionResult;
    };
    const [first, second] = await Promise.all([shared.subscribe('k', run), shared.subscribe('k', run)]);
    expect(first).toEqual({ errors: [] });
    expect(second).toBe(first);
    await shared.subscribe('k', run);
    expect(runs).toBe(2);
  });

  it('returns the upstream when the last subscriber leaves, not before', async () => {
    const shared = new SharedSubscriptions();
    const source = upstream();
    const a = (await shared.subscribe('k', () => source.iterator)) as AsyncGenerator<ExecutionResult>;
    const b = (await shared.subscribe('k', () => source.iterator)) as AsyncGenerator<ExecutionResult>;
    const waiting = a.next();
    await a.return(undefined);
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(source.state.returned).toBe(false);
    source.emit(1);
    expect((await b.next()).value.data).toEqual({ n: 1 });
    await b.return(undefined);
    expect(source.state.returned).toBe(true);
  });
});
