import type { Bus } from './bus.js';

/**
 * A bus channel as an async iterator of parsed messages, for GraphQL subscriptions. Written by hand
 * because its `return()` must unsubscribe from the bus (generator wrappers leak the listener,
 * mercurius-js/mercurius#1120), and no library here does that over our Bus seam.
 */
// Every listener of a channel gets the same message string in turn: parse it once for all of them.
let lastMessage: string | null = null;
let lastParsed: unknown = null;

function parseShared(message: string): unknown {
  if (message !== lastMessage) {
    lastParsed = JSON.parse(message);
    lastMessage = message;
  }
  return lastParsed;
}

/** Events are shared between listeners: treat them as read-only. */
export function busEvents<T>(bus: Bus, channel: string, accept: (event: T) => boolean): AsyncIterableIterator<T> {
  const buffered: T[] = [];
  let waiting: ((result: IteratorResult<T>) => void) | null = null;
  let done = false;
  const unsubscribe = bus.subscribe(channel, (message) => {
    let event: T;
    try {
      event = parseShared(message) as T;
    } catch {
      return;
    }
    if (done || !accept(event)) return;
    if (waiting) {
      const resolve = waiting;
      waiting = null;
      resolve({ value: event, done: false });
    } else if (buffered.length < 1000) buffered.push(event); // a stalled client must not grow memory without bound
  });
  const finish = async (): Promise<IteratorResult<T>> => {
    done = true;
    waiting?.({ value: undefined, done: true });
    waiting = null;
    await (await unsubscribe)();
    return { value: undefined, done: true };
  };
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      await unsubscribe; // listening before the first read: no event between subscribe and next is lost
      if (buffered.length) return { value: buffered.shift()!, done: false };
      if (done) return { value: undefined, done: true };
      return new Promise<IteratorResult<T>>((resolve) => (waiting = resolve));
    },
    return: finish,
    throw: async (error?: unknown) => {
      await finish();
      throw error;
    },
  };
}
