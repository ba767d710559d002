/**
 * The simulated clock: simNow = startTime + (realNow − realStart) × speed + jumps. Everything in
 * the sandbox world (physics, token lifetimes, timestamps) reads this clock; only the per-minute
 * rate limits use wall time, because they protect the simulator's callers in real time.
 */
export class SimulatedClock {
  private readonly realStart: number;
  private jumpedMs = 0;

  constructor(
    private readonly startTime: number,
    readonly speed: number,
    private readonly realNow: () => number = Date.now,
  ) {
    if (!(speed >= 0) || !Number.isFinite(speed)) throw new RangeError('speed must be a finite number ≥ 0');
    this.realStart = realNow();
  }

  /** Simulated epoch milliseconds (fractional at speeds ≠ 1). */
  now(): number {
    return this.startTime + (this.realNow() - this.realStart) * this.speed + this.jumpedMs;
  }

  /**
   * Wall-clock time plus the jumps made with advance(): what token lifetimes run on. Gateways judge
   * token expiry with their own (real) clock, so tokens cannot live in a simulated June or at 60×
   * speed; advancing the clock still ages them, which is how tests expire a token.
   */
  tokenNow(): number {
    return this.realNow() + this.jumpedMs;
  }

  advance(seconds: number): void {
    if (!(seconds >= 0)) throw new RangeError('the simulated clock only moves forward');
    this.jumpedMs += seconds * 1000;
  }
}
