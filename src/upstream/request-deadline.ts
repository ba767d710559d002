import { setMaxListeners } from 'node:events';
import { GatewayError } from '../gateway-error.js';

/**
 * One GraphQL request's overall upstream deadline (`REQUEST_DEADLINE_MS`). Each upstream wait of the
 * request races `signal`: what has not answered when it fires becomes a field error
 * `UPSTREAM_UNAVAILABLE` with `upstreamStatus: 0`, and the rest of the response is sent.
 *
 * Giving up is per request: a read shared with other callers (DataLoader across fields, the shared
 * cache across requests) goes on for them; it is stopped only when every caller waiting for it has
 * given up (`SharedCache`). Subscriptions and background work (telemetry polling, the command
 * runner, program events) have no request deadline: they keep their own timeouts.
 */
export class RequestDeadline {
  private readonly startedAt = Date.now();
  private controller: AbortController | undefined;
  private timer: NodeJS.Timeout | undefined;

  /** Counted from now; the signal and its timer are made only when an upstream wait first needs them. */
  constructor(readonly ms: number) {}

  /**
   * Made on first use: a request that reads nothing upstream (or only what the in-process cache
   * holds) pays for neither an AbortController nor a timer.
   */
  get signal(): AbortSignal {
    if (!this.controller) {
      const controller = new AbortController();
      this.controller = controller;
      // Every upstream wait of the request listens (hundreds for a page of sites): not a leak.
      setMaxListeners(0, controller.signal);
      // The reason is the field error itself, so every wait cut by it surfaces the same coded error.
      this.timer = setTimeout(() => controller.abort(deadlineExceeded(this.ms)), Math.max(0, this.ms - (Date.now() - this.startedAt))).unref();
    }
    return this.controller.signal;
  }

  /**
   * The request is answered: its timer goes (it would otherwise fire for every request, long after,
   * building an error nobody reads). Waits still running keep the signal, which then never aborts.
   */
  end(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Waits for `work` until the deadline; then rejects with the deadline's error (the work itself goes on for any other waiter). */
  race<T>(work: Promise<T>): Promise<T> {
    return raceSignal(work, this.signal);
  }
}

/** The error of a wait the request deadline cut short. */
export function deadlineExceeded(ms: number): GatewayError {
  return new GatewayError('UPSTREAM_UNAVAILABLE', `Tesla did not answer within this request's deadline (REQUEST_DEADLINE_MS = ${ms} ms)`, { upstreamStatus: 0 });
}

/** The reason an aborted signal carries, as an Error. */
export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error(String(reason ?? 'aborted'));
}

/**
 * `work`, or the signal's reason as soon as it aborts (whichever comes first). `work` is not
 * cancelled here; a rejection it makes later is handled, never unhandled.
 */
export function raceSignal<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) {
    work.catch(() => {});
    return Promise.reject(abortReason(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      work.catch(() => {});
      reject(abortReason(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
