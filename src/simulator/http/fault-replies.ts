import { setTimeout as sleep } from 'node:timers/promises';
import type { Fault } from '../faults.js';
import { teslaError, tooManyRequests, tooManyRequestsWithoutRetryAfter, type Reply } from './replies.js';

/** Tesla's wording for the statuses tests inject most; other statuses use the fault's `error`. */
const DEFAULT_ERRORS: Record<number, string> = {
  408: 'vehicle unavailable: vehicle is offline or asleep',
  500: 'internal_error',
  503: 'service_unavailable',
  504: 'gateway_timeout',
};

/** `limit` fills `ratelimit-limit` on an injected 429 (the simulator's configured data limit). */
export function faultReply(fault: Fault, limit: number): Reply | null {
  if (fault.status === undefined) return null;
  if (fault.status === 429) return fault.withoutRetryAfter ? tooManyRequestsWithoutRetryAfter() : tooManyRequests(limit, fault.retryAfterSeconds ?? 1);
  return teslaError(fault.status, fault.error ?? DEFAULT_ERRORS[fault.status] ?? 'injected_fault');
}

/** Waits out a fault's latency; cut short when the simulator closes. */
export async function applyLatency(fault: Fault, signal: AbortSignal): Promise<void> {
  if (!fault.latencyMs) return;
  await sleep(fault.latencyMs, undefined, { signal }).catch(() => undefined);
}
