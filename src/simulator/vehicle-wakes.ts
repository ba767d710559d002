import type { Vehicle } from './fleet/vehicle.js';

/**
 * Pending wake-ups: `wake_up` only asks the car to connect, which takes a while (Tesla: 10–60 s,
 * tesla-fleet-api.md §6.1). The delay runs on the wall clock, like the rate limits, so a test can
 * poll for `online` in real time whatever the simulated speed. Offline cars never answer.
 */
export class VehicleWakes {
  private readonly pending = new Map<Vehicle, NodeJS.Timeout>();
  /** Per-car wake latencies set through `/sim/vehicles/{vin}` (cars differ: 10–60 s at Tesla). */
  private readonly delays = new Map<Vehicle, number>();

  constructor(private readonly delayMs: number) {}

  setDelay(vehicle: Vehicle, delayMs: number): void {
    this.delays.set(vehicle, delayMs);
  }

  delayOf(vehicle: Vehicle): number {
    return this.delays.get(vehicle) ?? this.delayMs;
  }

  /** Starts waking an asleep car; a second request while one is pending changes nothing. */
  request(vehicle: Vehicle): void {
    if (vehicle.state !== 'asleep' || this.pending.has(vehicle)) return;
    const timer = setTimeout(() => {
      this.pending.delete(vehicle);
      if (vehicle.state === 'asleep') vehicle.state = 'online';
    }, this.delayOf(vehicle));
    // A pending wake must not keep the process (or a test runner) alive.
    timer.unref();
    this.pending.set(vehicle, timer);
  }

  isPending(vehicle: Vehicle): boolean {
    return this.pending.has(vehicle);
  }

  /** An admin state change overrides whatever wake was under way. */
  cancel(vehicle: Vehicle): void {
    const timer = this.pending.get(vehicle);
    if (timer) clearTimeout(timer);
    this.pending.delete(vehicle);
  }

  clear(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    this.delays.clear();
  }
}
