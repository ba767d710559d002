/**
 * Output rounding only: every sum and mean is taken on unrounded values, then rounded once here
 * (half away from zero, so +x and −x round alike; −0 becomes 0).
 */
function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  const rounded = (Math.sign(value) * Math.round(Math.abs(value) * factor)) / factor;
  return rounded === 0 ? 0 : rounded;
}

/** W → kW to 3 decimals (whole watts). */
export function kw(watts: number): number;
export function kw(watts: number | null): number | null;
export function kw(watts: number | null): number | null {
  return watts === null ? null : roundTo(watts / 1000, 3);
}

/** Whole watts. */
export function w(watts: number): number;
export function w(watts: number | null): number | null;
export function w(watts: number | null): number | null {
  return watts === null ? null : roundTo(watts, 0);
}

/** Wh to 1 decimal. */
export function wh(energy: number): number;
export function wh(energy: number | null): number | null;
export function wh(energy: number | null): number | null {
  return energy === null ? null : roundTo(energy, 1);
}
