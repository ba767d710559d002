import { z } from 'zod';

/**
 * Injected failures for tests: an error status, added latency, or both, for one endpoint (or
 * all), optionally one device, for a number of requests or until removed.
 */

export const faultSpec = z.object({
  endpoint: z.string().min(1),
  deviceId: z.string().optional(),
  status: z.number().int().min(100).max(599).optional(),
  error: z.string().optional(),
  latencyMs: z.number().min(0).max(600_000).optional(),
  retryAfterSeconds: z.number().int().min(0).optional(),
  /** With status 429: answer without `Retry-After` (and without a wait in the body). */
  withoutRetryAfter: z.boolean().optional(),
  count: z.number().int().min(1).optional(),
});
export type FaultSpec = z.infer<typeof faultSpec>;

export interface Fault extends FaultSpec {
  id: string;
  /** Requests it still applies to; null = until removed. */
  remaining: number | null;
  applied: number;
}

export class FaultInjector {
  private faults: Fault[] = [];
  private nextId = 1;

  add(spec: FaultSpec): Fault {
    const fault: Fault = { ...spec, id: `fault-${this.nextId++}`, remaining: spec.count ?? null, applied: 0 };
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

  clear(): void {
    this.faults = [];
  }

  /**
   * The first fault matching this request, consumed once. `deviceKeys` are every name the
   * device goes by (a vehicle's VIN and numeric id) so a fault may name either.
   */
  take(endpoint: string, deviceKeys: readonly string[]): Fault | undefined {
    const fault = this.faults.find(
      (f) =>
        (f.endpoint === '*' || f.endpoint === endpoint) &&
        (f.deviceId === undefined || deviceKeys.includes(f.deviceId)),
    );
    if (!fault) return undefined;
    fault.applied++;
    if (fault.remaining !== null) {
      fault.remaining--;
      if (fault.remaining <= 0) this.remove(fault.id);
    }
    return fault;
  }
}
