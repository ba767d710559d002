/** Power in W → "3.2 kW" / "1.25 MW" (magnitude only: callers say the direction in words). */
export function power(w: number | null | undefined): string {
  if (w === null || w === undefined || Number.isNaN(w)) return '—';
  const a = Math.abs(w);
  if (a >= 1e6) return `${(a / 1e6).toFixed(2)} MW`;
  return `${(a / 1e3).toFixed(1)} kW`;
}

export function energy(wh: number | null | undefined): string {
  if (wh === null || wh === undefined || Number.isNaN(wh)) return '—';
  const a = Math.abs(wh);
  if (a >= 1e6) return `${(a / 1e6).toFixed(2)} MWh`;
  return `${(a / 1e3).toFixed(1)} kWh`;
}

export function percent(p: number | null | undefined, digits = 0): string {
  return p === null || p === undefined ? '—' : `${p.toFixed(digits)} %`;
}

/** Below this a flow reads as idle (sensor noise). */
const IDLE_W = 50;

/** Tesla's battery sign in words: positive = discharging, negative = charging. */
export function batteryWords(w: number | null | undefined): string {
  if (w === null || w === undefined) return '—';
  if (Math.abs(w) < IDLE_W) return 'idle';
  return `${power(w)} ${w > 0 ? 'discharging' : 'charging'}`;
}

/** Tesla's grid sign in words: positive = importing, negative = exporting. */
export function gridWords(w: number | null | undefined): string {
  if (w === null || w === undefined) return '—';
  if (Math.abs(w) < IDLE_W) return 'balanced (no flow)';
  return `${power(w)} ${w > 0 ? 'importing from the grid' : 'exporting to the grid'}`;
}

export function age(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 90) return `${s} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${Math.round(s / 3600)} h`;
}

export function time(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' }) : '—';
}

export function enumWords(value: string | null | undefined): string {
  return value ? value.toLowerCase().replace(/_/g, ' ') : '—';
}

/** Chart text in px, following the page's root font size (which grows on a wall screen). */
export function chartFont(scale = 0.75): string {
  const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
  return `${Math.round(rem * scale)}px system-ui, sans-serif`;
}

export function remPx(rem: number): number {
  return Math.round((parseFloat(getComputedStyle(document.documentElement).fontSize) || 16) * rem);
}
