import { z } from 'zod';
import { SeededRandom } from './random/seeded-random.js';

/**
 * Injected failures for tests: an error status, added latency, a late answer, or a mix, for one
 * endpoint (or all), optionally one device, for a number of requests or until removed.
 *
 * Two kinds:
 * - fixed: every matching request gets the fault's own effect (`status`, `latencyMs`, …);
 * - random (`probability`): each matching request is hit with that probability, and a hit gets one
 *   of `outcomes` (uniform, or by `weight`), e.g. 20 % of calls failing with a mix of 429, 500, 503,
 *   408 and timeouts. Draws come from the simulator's seeded generator, so a run that sends the same
 *   requests in the same order meets the same faults. A request that is not hit passes untouched and
 *   does not use up `count`.
 *
 * What each effect does to a write (as at Tesla, where only a timeout leaves it unknown):
 * - `status` (429, 5xx, 408…): refused before anything happens; the write is NOT carried out;
 * - `latencyMs` without `status`: the answer comes late, and the write is carried out after the wait
 *   (even if the client gave up meanwhile);
 * - `timeoutMs`: the write is carried out at once and its (good) answer held back this long: set it
 *   above the client's timeout and the client sees a timeout for a write Tesla did carry out.
 */

export const faultEffect = z.object({
  status: z.number().int().min(100).max(599).optional(),
  error: z.string().optional(),
  latencyMs: z.number().min(0).max(600_000).optional(),
  /** Carried out at once, answered after this long (a client with a shorter timeout sees a timeout). */
  timeoutMs: z.number().min(0).max(600_000).optional(),
  retryAfterSeconds: z.number().int().min(0).optional(),
  /** With status 429: answer without `Retry-After` (and without a wait in the body). */
  withoutRetryAfter: z.boolean().optional(),
});
export type FaultEffect = z.infer<typeof faultEffect>;

/** One possible outcome of a random fault; `weight` (default 1) against the other outcomes. */
export const faultOutcome = faultEffect.extend({ weight: z.number().positive().optional() });
export type FaultOutcome = z.infer<typeof faultOutcome>;

export const faultSpec = faultEffect
  .extend({
    endpoint: z.string().min(1),
    deviceId: z.string().optional(),
    /** Requests it applies to (hits, for a random fault); absent = until removed. */
    count: z.number().int().min(1).optional(),
    /** Each matching request is hit with this probability (seeded draw); absent = every one. */
    probability: z.number().min(0).max(1).optional(),
    /** What a hit does, drawn per hit; absent = the fault's own effect. */
    outcomes: z.array(faultOutcome).min(1).max(50).optional(),
  })
  .refine((spec) => spec.outcomes === undefined || Object.keys(faultEffect.shape).every((key) => spec[key as keyof FaultEffect] === undefined), {
    message: 'give either outcomes or the fault’s own status/latencyMs/timeoutMs/…, not both',
  });
export type FaultSpec = z.infer<typeof faultSpec>;

export interface Fault extends FaultSpec {
  id: string;
  /** Requests it still applies to; null = until removed. */
  remaining: number | null;
  /** Requests it was applied to (hits). */
  applied: number;
  /** Matching requests a random fault let through. */
  passed: number;
  /** Hits per outcome (index into `outcomes`), for a random fault with outcomes. */
  outcomeCounts?: number[];
}

/** What one request met: the fault it hit, with the drawn outcome's effect in place of the fault's own. */
export type TakenFault = FaultEffect & { id: string; endpoint: string };

const EFFECT_KEYS = Object.keys(faultEffect.shape) as (keyof FaultEffect)[];

function effectOf(source: FaultEffect): FaultEffect {
  const effect: FaultEffect = {};
  for (const key of EFFECT_KEYS) if (source[key] !== undefined) Object.assign(effect, { [key]: source[key] });
  return effect;
}

export class FaultInjector {
  private faults: Fault[] = [];
  private nextId = 1;
  private random: SeededRandom;

  /** `seed`: the simulator's; the draws of random faults come from their own fork of it. */
  constructor(private readonly seed = 0) {
    this.random = new SeededRandom(seed).fork('faults');
  }

  add(spec: FaultSpec): Fault {
    const fault: Fault = {
      ...spec,
      id: `fault-${this.nextId++}`,
      remaining: spec.count ?? null,
      applied: 0,
      passed: 0,
      ...(spec.outcomes ? { outcomeCounts: spec.outcomes.map(() => 0) } : {}),
    };
    this.faults.push(fault);
    return fault;
  }

  list(): Fault[] {
    return [...this.faults];
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((fault) => fault.id !== id);
    return this.faults.length < before;
  }

  /** Removes every fault and starts the random draws over, so a fresh start meets the same faults. */
  clear(): void {
    this.faults = [];
    this.random = new SeededRandom(this.seed).fork('faults');
  }

  /**
   * The first fault matching this request that hits it, consumed once. `deviceKeys` are every name
   * the device goes by (a vehicle's VIN and numeric id) so a fault may name either. A random fault
   * that does not hit lets the next matching fault try.
   */
  take(endpoint: string, deviceKeys: readonly string[]): TakenFault | undefined {
    for (const fault of this.faults) {
      if (!(fault.endpoint === '*' || fault.endpoint === endpoint)) continue;
      if (fault.deviceId !== undefined && !deviceKeys.includes(fault.deviceId)) continue;
      if (fault.probability !== undefined && !(this.random.next() < fault.probability)) {
        fault.passed++;
        continue;
      }
      fault.applied++;
      if (fault.remaining !== null) {
        fault.remaining--;
        if (fault.remaining <= 0) this.remove(fault.id);
      }
      return { id: fault.id, endpoint: fault.endpoint, ...this.effect(fault) };
    }
    return undefined;
  }

  private effect(fault: Fault): FaultEffect {
    const outcomes = fault.outcomes;
    if (!outcomes?.length) return effectOf(fault);
    const total = outcomes.reduce((sum, o) => sum + (o.weight ?? 1), 0);
    let draw = this.random.next() * total;
    let index = outcomes.length - 1;
    for (let i = 0; i < outcomes.length; i++) {
      draw -= outcomes[i]!.weight ?? 1;
      if (draw < 0) {
        index = i;
        break;
      }
    }
    if (fault.outcomeCounts) fault.outcomeCounts[index] = (fault.outcomeCounts[index] ?? 0) + 1;
    return effectOf(outcomes[index]!);
  }
}
