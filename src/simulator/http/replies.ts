import type { ServerResponse } from 'node:http';

/** What a handler answers; written out in one place so every reply gets the same headers. */
export interface Reply {
  status: number;
  /** Serialised as JSON unless `text` is set. */
  body?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

/** Tesla's success envelope; lists add `count` (and `pagination` for /vehicles). */
export function teslaOk(response: unknown, extra: Record<string, unknown> = {}): Reply {
  return { status: 200, body: { response, ...extra } };
}

export function teslaError(status: number, error: string, description = '', headers?: Record<string, string>): Reply {
  return { status, body: { response: null, error, error_description: description }, ...(headers ? { headers } : {}) };
}

export function json(status: number, body: unknown): Reply {
  return { status, body };
}

export const notFound = (): Reply => teslaError(404, 'not_found');
export const VEHICLE_UNAVAILABLE = 'vehicle unavailable: vehicle is offline or asleep';
export const vehicleUnavailable = (): Reply => teslaError(408, VEHICLE_UNAVAILABLE);

/**
 * Tesla's answer to every call once the app's billing limit is used up. 403 with only an `error`
 * key, as reported verbatim in teslamotors/vehicle-command issue #403 (`{"error": "account disabled:
 * EXCEEDED_LIMIT"}`), no `Retry-After`. Tesla's status table (and python-tesla-fleet-api's
 * `PaymentRequired`) also name a 402 whose body no source shows: `status: 402` answers Tesla's
 * envelope with `payment_required`, so a client must key on the status as well as the words.
 */
export const BILLING_LIMIT_ERROR = 'account disabled: EXCEEDED_LIMIT';
export function billingLimitReply(status: 402 | 403): Reply {
  return status === 402 ? teslaError(402, 'payment_required', 'Payment is required in order to use the API') : json(403, { error: BILLING_LIMIT_ERROR });
}

/**
 * A 429 that names no wait: no `Retry-After`, no `ratelimit-*` headers and no "Retry in N seconds"
 * text (simulator choice: Tesla's FAQ promises the headers, but clients see 429s without them, e.g.
 * behind proxies); a client must back off on its own.
 */
export function tooManyRequestsWithoutRetryAfter(): Reply {
  return teslaError(429, 'Too many requests');
}

/** Tesla's 429: the lowercase `ratelimit-*` headers appear only here, never on a 200. */
export function tooManyRequests(limit: number, retryAfterSeconds: number): Reply {
  return teslaError(429, 'Too many requests', `Retry in ${retryAfterSeconds} seconds`, {
    'ratelimit-limit': String(limit),
    'ratelimit-remaining': '0',
    'ratelimit-reset': String(retryAfterSeconds),
    'retry-after': String(retryAfterSeconds),
  });
}

export function writeReply(res: ServerResponse, reply: Reply): void {
  if (res.writableEnded || res.destroyed) return;
  const payload = reply.text ?? JSON.stringify(reply.body ?? null);
  res.writeHead(reply.status, {
    'content-type': reply.text !== undefined ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(payload)),
    ...reply.headers,
  });
  res.end(payload);
}
