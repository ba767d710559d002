import { setTimeout as sleep } from 'node:timers/promises';
import pRetry, { AbortError } from 'p-retry';

/** What an upstream adapter's own error must tell the retry loop. */
export interface UpstreamFailure extends Error {
  /** 5xx, timeouts, network errors and 429s are worth another attempt; other 4xx are final. */
  retryable: boolean;
  /** The upstream's `Retry-After`, seconds. */
  retryAfterSeconds?: number | undefined;
  /** True for a 429: one asking to wait longer than `maxRetryAfterS` surfaces instead of being waited out. */
  rateLimited: boolean;
  /** Set on the error that surfaces: how many attempts were made. */
  attempts: number;
}

export interface UpstreamRetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  backoffMs: number;
  maxRetryAfterS: number;
}

/**
 * One upstream call with bounded retries (p-retry: exponential backoff with jitter) that honour
 * the upstream's `Retry-After`. Shared by the Fleet API and Powerhub clients, which differ only in
 * how they read an answer into an `UpstreamFailure`.
 */
export async function withUpstreamRetries<T>(policy: UpstreamRetryPolicy, isFailure: (error: unknown) => error is UpstreamFailure, call: (attempt: number) => Promise<T>): Promise<T> {
  let attempts = 0;
  try {
    return await pRetry(
      async (attempt) => {
        attempts = attempt;
        try {
          return await call(attempt);
        } catch (error) {
          const retryable = isFailure(error) && error.retryable && !(error.rateLimited && (error.retryAfterSeconds ?? 0) > policy.maxRetryAfterS);
          throw retryable ? error : new AbortError(error as Error);
        }
      },
      {
        retries: policy.retries,
        minTimeout: policy.backoffMs,
        factor: 2,
        randomize: true,
        onFailedAttempt: async (error) => {
          // The upstream says how long to wait; the backoff then adds its own (small) delay on top.
          const wait = isFailure(error) ? error.retryAfterSeconds : undefined;
          if (wait && error.retriesLeft > 0) await sleep(wait * 1000);
        },
      },
    );
  } catch (error) {
    if (isFailure(error)) error.attempts = attempts;
    throw error;
  }
}
