/**
 * Direct battery set-points a grid-services operator (Powerhub) placed on one site, each over a
 * window on the site's step grid, and the energy the battery moved under each. The site's own
 * settings are untouched: when no window covers a step, the site runs its own mode again.
 */

export interface SetPoint {
  /** The dispatch that asked for it; also the key of its delivered energy. */
  dispatchId: string;
  /** + = discharge, − = charge. */
  powerW: number;
  /** First step start it applies to (inclusive), on the step grid. */
  fromMs: number;
  /** First step start it no longer applies to, on the step grid. */
  untilMs: number;
}

export class SetPointSchedule {
  private readonly windows: SetPoint[] = [];
  private readonly deliveredWh = new Map<string, number>();

  /** The set-point of the step starting at `stepStart`; the earliest-placed wins an overlap. */
  at(stepStart: number): SetPoint | undefined {
    // Most sites never get one: keep the common case a length check.
    if (this.windows.length === 0) return undefined;
    return this.windows.find((w) => w.fromMs <= stepStart && stepStart < w.untilMs);
  }

  add(setPoint: SetPoint): void {
    this.windows.push({ ...setPoint });
  }

  /** Cuts a window short at `stepStart` (never extends it, never moves its start). */
  endAt(dispatchId: string, stepStart: number): void {
    for (const w of this.windows) {
      if (w.dispatchId === dispatchId) w.untilMs = Math.max(w.fromMs, Math.min(w.untilMs, stepStart));
    }
  }

  record(dispatchId: string, wh: number): void {
    this.deliveredWh.set(dispatchId, (this.deliveredWh.get(dispatchId) ?? 0) + wh);
  }

  /** Energy moved in whole steps integrated so far. */
  delivered(dispatchId: string): number {
    return this.deliveredWh.get(dispatchId) ?? 0;
  }
}
