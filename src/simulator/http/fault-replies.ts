import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultEffect } from '../faults.js';
import { teslaError, tooManyRequests, tooManyRequestsWithoutRetryAfter, type Reply } from './replies.js';

/** Tesla's wording for the statuses tests inject most; other statuses use the fault's `error`. */
const DEFAULT_ERRORS: Record<number, string> = {
  408: 'vehicle unavailable: vehicle is offline or asleep',
  500: 'internal_error',
  503: 'service_unavailable',
  504: 'gateway_timeout',
};

/** `limit` fills `ratelimit-limit` on an injected 429 (the simulator's configured data limit). */
export function faultReply(fault: FaultEffect, limit: number): Reply | null {
  if (fault.status === undefined) return null;
  if (fault.status === 429) return fault.withoutRetryAfter ? tooManyRequestsWithoutRetryAfter() : tooManyRequests(limit, fault.retryAfterSeconds ?? 1);
  return teslaError(fault.status, fault.error ?? DEFAULT_ERRORS[fault.status] ?? 'injected_fault');
}

/**
 * Waits out a fault's latency; cut short when the simulator closes. Where nothing is carried out
 * before answering (token, Powerhub), a late answer (`timeoutMs`) is waited out here too.
 */
export async function applyLatency(fault: FaultEffect, signal: AbortSignal, options: { lateAnswer?: boolean } = {}): Promise<void> {
  const ms = (fault.latencyMs ?? 0) + (options.lateAnswer ? (fault.timeoutMs ?? 0) : 0);
  if (!ms) return;
  await sleep(ms, undefined, { signal }).catch(() => undefined);
}

/** Holds back an answer already worked out (a write carried out at once, answered late); cut short on close. */
export async function holdAnswer(fault: FaultEffect, signal: AbortSignal): Promise<void> {
  if (!fault.timeoutMs) return;
  await sleep(fault.timeoutMs, undefined, { signal }).catch(() => undefined);
}
