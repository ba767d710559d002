import { getOperationAST, Kind, print, type DocumentNode, type ExecutionArgs, type ExecutionResult, type FieldNode } from 'graphql';
import { isAsyncIterable } from 'graphql-yoga';
import { Counter, Gauge, type Registry } from 'prom-client';
import { REPLAY_LATEST_BY } from '../graphql/replay-latest.js';
import type { GatewayContext } from './context.js';

export interface SharedSubscriptionsOptions {
  /** Where the sharing metrics go (the gateway's registry); none when absent. */
  registry?: Registry;
  /** Events kept for a subscriber that reads slower than they come; beyond it the oldest go. */
  bufferSize?: number;
}

type SubscribeResult = AsyncIterable<ExecutionResult> | ExecutionResult;

/**
 * For a stream of state (telemetry), the key under which an event supersedes earlier ones (e.g. its
 * site); a subscriber joining a running execution first gets the latest event per key, as a lone
 * subscriber would get the latest samples. Streams of changes (commandUpdated) replay nothing.
 */
export type ReplayKey = (result: ExecutionResult) => string;

/** Events kept for replay per execution: siteTelemetry takes at most 1000 sites. */
const MAX_REPLAY_KEYS = 1000;


/** The replay key of a subscription whose one root field declares `replayLatestBy`; none otherwise. */
export function stateReplayKey(args: Pick<ExecutionArgs, 'schema' | 'document' | 'operationName'>): ReplayKey | undefined {
  const operation = getOperationAST(args.document, args.operationName);
  const fields = operation?.selectionSet.selections.filter((s): s is FieldNode => s.kind === Kind.FIELD) ?? [];
  if (fields.length !== 1) return undefined;
  const by = args.schema.getSubscriptionType()?.getFields()[fields[0]!.name.value]?.extensions[REPLAY_LATEST_BY];
  if (typeof by !== 'string') return undefined;
  const responseKey = (fields[0]!.alias ?? fields[0]!.name).value;
  return (result) => JSON.stringify(by ? ((result.data?.[responseKey] as Record<string, unknown> | null | undefined)?.[by] ?? null) : null);
}

const printed = new WeakMap<DocumentNode, string>();

/** Yoga's parser cache hands identical queries the same document, so printing is once per text. */
export function subscriptionKey(args: Pick<ExecutionArgs, 'document' | 'operationName' | 'variableValues' | 'contextValue'>): string {
  let text = printed.get(args.document);
  if (text === undefined) printed.set(args.document, (text = print(args.document)));
  const caller = (args.contextValue as Partial<GatewayContext> | undefined)?.caller ?? null;
  return JSON.stringify([caller?.organizationId ?? null, caller?.role ?? null, args.operationName ?? null, args.variableValues ?? {}, text]);
}

/**
 * Identical subscriptions — same operation, variables, organization and role — share one execution:
 * the first subscriber runs the real subscribe, each event is executed once, and the result is
 * handed to every subscriber of that key. 10,000 dashboards watching one site then cost one
 * execution per event, not 10,000 (the cost that blocks event loops: notes §6).
 *
 * Hand-written: PubSub and the bus share events, not executions, and no library multicasts
 * subscription results keyed per organization. Sharing across API keys of one organization and
 * role is safe because what a resolver may show depends only on those two (context.ts, builder.ts).
 *
 * Used around Yoga's enveloped subscribe (websocket-server.ts), not as an envelop plugin inside it:
 * Yoga wraps each subscriber's stream in its error-masking iterators, and sharing below them would
 * still run those per subscriber per event (bench: p99 ~270 ms there, ~200 ms here, 10,000
 * subscribers). Results are masked once, for all.
 */
export class SharedSubscriptions {
  private readonly executions = new Map<string, Promise<SharedExecution | ExecutionResult>>();
  private readonly bufferSize: number;
  private readonly started?: Counter;
  private readonly joined?: Counter;
  private readonly dropped?: Counter;

  constructor(options: SharedSubscriptionsOptions = {}) {
    this.bufferSize = options.bufferSize ?? 100;
    if (!options.registry) return;
    const registers = [options.registry];
    const executions = this.executions;
    this.started = new Counter({ name: 'derms_subscription_executions_total', help: 'Subscription executions started (identical subscriptions share one)', registers });
    this.joined = new Counter({ name: 'derms_subscription_subscribers_total', help: 'Subscribers served by a shared subscription execution', registers });
    this.dropped = new Counter({ name: 'derms_subscription_events_dropped_total', help: 'Events dropped for subscribers reading slower than events come', registers });
    new Gauge({
      name: 'derms_subscription_executions_active',
      help: 'Shared subscription executions running now',
      registers,
      collect() {
        this.set(executions.size);
      },
    });
  }

  /** Joins the running execution for `key`, or starts it with `run`; an error result is not shared. */
  async subscribe(
    key: string,
    run: () => SubscribeResult | Promise<SubscribeResult>,
    replayKey?: ReplayKey,
  ): Promise<AsyncGenerator<ExecutionResult, void, void> | ExecutionResult> {
    for (;;) {
      const execution = await (this.executions.get(key) ?? this.start(key, run, replayKey));
      if (!(execution instanceof SharedExecution)) return execution;
      // Null only if it ended (or everyone left) between its start and this join: start over.
      const subscriber = execution.join();
      if (subscriber) {
        this.joined?.inc();
        return subscriber;
      }
    }
  }

  private start(key: string, run: () => SubscribeResult | Promise<SubscribeResult>, replayKey?: ReplayKey): Promise<SharedExecution | ExecutionResult> {
    const forget = () => {
      if (this.executions.get(key) === pending) this.executions.delete(key);
    };
    const pending = (async () => {
      try {
        const result = await run();
        if (!isAsyncIterable(result)) {
          forget();
          return result;
        }
        this.started?.inc();
        return new SharedExecution(result[Symbol.asyncIterator](), this.bufferSize, forget, () => this.dropped?.inc(), replayKey);
      } catch (error) {
        forget();
        throw error;
      }
    })();
    this.executions.set(key, pending);
    return pending;
  }
}

/** Subscribers served per turn of the event loop: one event for 10,000 must not block it for long. */
const FAN_OUT_CHUNK = 250;

/** One upstream stream, pumped once and pushed to each subscriber; ends it when the last leaves. */
class SharedExecution {
  private readonly subscribers = new Set<Subscriber>();
  private readonly latest = new Map<string, ExecutionResult>();
  private closed = false;
  private pumping = false;

  constructor(
    private readonly source: AsyncIterator<ExecutionResult>,
    private readonly bufferSize: number,
    private readonly onClose: () => void,
    private readonly onDrop: () => void,
    private readonly replayKey?: ReplayKey,
  ) {}

  join(): Subscriber | null {
    if (this.closed) return null;
    const subscriber: Subscriber = new Subscriber(this.bufferSize, () => this.leave(subscriber), this.onDrop);
    for (const result of this.latest.values()) subscriber.push(result);
    this.subscribers.add(subscriber);
    // Pumping starts with the first subscriber, so a stream that ends at once still reaches it.
    if (!this.pumping) {
      this.pumping = true;
      void this.pump();
    }
    return subscriber;
  }

  private leave(subscriber: Subscriber): void {
    this.subscribers.delete(subscriber);
    if (this.subscribers.size > 0 || this.closed) return;
    this.close();
    // Runs the upstream's cleanup: e.g. siteTelemetry withdraws its interest, so the site's polling can stop.
    void this.source.return?.()?.catch(() => undefined);
  }

  private close(): void {
    this.closed = true;
    this.onClose();
  }

  private async pump(): Promise<void> {
    let failure: { error: unknown } | undefined;
    try {
      for (;;) {
        const result = await this.source.next();
        if (result.done || this.closed) break;
        if (this.replayKey) {
          const key = this.replayKey(result.value);
          this.latest.delete(key); // re-inserted last: replay keeps arrival order
          if (this.latest.size < MAX_REPLAY_KEYS) this.latest.set(key, result.value);
        }
        // Never awaits a subscriber (a slow one fills only its own buffer), but yields to the event
        // loop between chunks: each chunk's messages go out while the next is prepared.
        const subscribers = [...this.subscribers];
        for (let i = 0; i < subscribers.length; i++) {
          if (i > 0 && i % FAN_OUT_CHUNK === 0) await new Promise(setImmediate);
          subscribers[i]!.push(result.value);
        }
      }
    } catch (error) {
      failure = { error };
    }
    if (!this.closed) this.close();
    for (const subscriber of this.subscribers) subscriber.end(failure);
    this.subscribers.clear();
  }
}

/** One subscriber's view of a shared stream, with its own bounded buffer. */
class Subscriber implements AsyncGenerator<ExecutionResult, void, void> {
  private buffer: ExecutionResult[] = [];
  private waiting: { resolve: (result: IteratorResult<ExecutionResult, void>) => void; reject: (error: unknown) => void } | null = null;
  /** The upstream ended or this subscriber left; buffered events still come first. */
  private done = false;
  private left = false;
  private failure: { error: unknown } | undefined;

  constructor(
    private readonly capacity: number,
    private readonly onLeave: () => void,
    private readonly onDrop: () => void,
  ) {}

  push(value: ExecutionResult): void {
    if (this.done) return;
    if (this.waiting) {
      this.waiting.resolve({ value, done: false });
      this.waiting = null;
      return;
    }
    // Telemetry and status streams carry state: the newest event matters most, so the oldest goes.
    if (this.buffer.length >= this.capacity) {
      this.buffer.shift();
      this.onDrop();
    }
    this.buffer.push(value);
  }

  /** The upstream ended, or failed with `failure`. */
  end(failure?: { error: unknown }): void {
    this.done = true;
    this.failure = failure;
    // Someone waits only on an empty buffer.
    const waiting = this.waiting;
    this.waiting = null;
    if (waiting) void this.next().then(waiting.resolve, waiting.reject);
  }

  next(): Promise<IteratorResult<ExecutionResult, void>> {
    const value = this.buffer.shift();
    if (value) return Promise.resolve({ value, done: false });
    if (this.done) {
      const failure = this.failure;
      this.failure = undefined;
      return failure ? Promise.reject(failure.error) : Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<ExecutionResult, void>> {
    this.leave();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error: unknown): Promise<IteratorResult<ExecutionResult, void>> {
    this.leave();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private leave(): void {
    if (this.left) return;
    this.left = true;
    const upstreamEnded = this.done;
    this.done = true;
    this.failure = undefined;
    this.buffer = [];
    this.waiting?.resolve({ value: undefined, done: true });
    this.waiting = null;
    if (!upstreamEnded) this.onLeave();
  }
}
