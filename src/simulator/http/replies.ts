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
