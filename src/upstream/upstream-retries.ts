import { setTimeout as sleep } from 'node:timers/promises';
import pRetry, { AbortError } from 'p-retry';
import { abortReason } from './request-deadline.js';

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
  /**
   * True when the request may have been carried out although no good answer came (timeout, network
   * error, 5xx): a non-idempotent request is not repeated on such a failure.
   */
  ambiguous?: boolean;
  /** Set on a 429 without `Retry-After` that surfaces: the backoff the caller should wait, seconds. */
  backoffSeconds?: number | undefined;
}

export interface UpstreamRetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  backoffMs: number;
  maxRetryAfterS: number;
  /**
   * First wait after a 429 that names no `Retry-After`, doubling per attempt (default 2000 ms). Tesla
   * bills every 429 and counts limits per minute, so an immediate retry only buys another 429.
   */
  rateLimitBackoffMs?: number;
  /** False for non-idempotent requests: an ambiguous failure (timeout, 5xx) is not retried. Default true. */
  retryAmbiguous?: boolean;
  /**
   * Stops the call when it aborts (a request's deadline): no further attempt or wait; the call
   * rejects with the signal's reason.
   */
  signal?: AbortSignal | undefined;
}

const DEFAULT_RATE_LIMIT_BACKOFF_MS = 2000;

/** Seconds to wait before retry `attempt + 1` after a 429: the upstream's `Retry-After`, else our own backoff. */
function rateLimitWaitSeconds(policy: UpstreamRetryPolicy, error: UpstreamFailure, attempt: number): number | undefined {
  if (error.retryAfterSeconds !== undefined) return error.retryAfterSeconds;
  if (!error.rateLimited) return undefined;
  return ((policy.rateLimitBackoffMs ?? DEFAULT_RATE_LIMIT_BACKOFF_MS) / 1000) * 2 ** (attempt - 1);
}

/**
 * One upstream call with bounded retries (p-retry: exponential backoff with jitter) that honour
 * the upstream's `Retry-After`. Shared by the Fleet API and Powerhub clients, which differ only in
 * how they read an answer into an `UpstreamFailure`.
 */
export async function withUpstreamRetries<T>(policy: UpstreamRetryPolicy, isFailure: (error: unknown) => error is UpstreamFailure, call: (attempt: number) => Promise<T>): Promise<T> {
  let attempts = 0;
  const { signal } = policy;
  if (signal?.aborted) throw abortReason(signal);
  try {
    return await pRetry(
      async (attempt) => {
        attempts = attempt;
        try {
          return await call(attempt);
        } catch (error) {
          // Past the caller's deadline nothing is retried: its reason is the answer.
          if (signal?.aborted) throw new AbortError(abortReason(signal));
          if (!isFailure(error)) throw new AbortError(error as Error);
          const wait = rateLimitWaitSeconds(policy, error, attempt);
          const tooLong = error.rateLimited && (wait ?? 0) > policy.maxRetryAfterS;
          if (error.rateLimited && error.retryAfterSeconds === undefined) error.backoffSeconds = Math.ceil(wait ?? 0);
          const retryable = error.retryable && !tooLong && !(policy.retryAmbiguous === false && error.ambiguous);
          throw retryable ? error : new AbortError(error as Error);
        }
      },
      {
        retries: policy.retries,
        signal,
        minTimeout: policy.backoffMs,
        factor: 2,
        randomize: true,
        onFailedAttempt: async (error) => {
          // The upstream says how long to wait (or, for a 429 that does not say, our rate-limit
          // backoff); p-retry's own (small) backoff comes on top.
          const wait = isFailure(error) ? rateLimitWaitSeconds(policy, error, error.attemptNumber) : undefined;
          if (wait && error.retriesLeft > 0) await sleep(wait * 1000, undefined, { signal }).catch(() => {});
        },
      },
    );
  } catch (error) {
    if (isFailure(error)) error.attempts = attempts;
    throw error;
  }
}
