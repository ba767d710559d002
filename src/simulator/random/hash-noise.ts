/**
 * Stateless noise: a pure function of (seed, channel, position). The physics evaluates weather and
 * household load at arbitrary instants, and two simulators with one seed must agree on them no
 * matter in which order or how often they are read.
 */

/** Mixes 32-bit integers into one well-distributed 32-bit hash (murmur3 finaliser per part). */
export function hash32(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    let k = Math.imul(part | 0, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Uniform in [0, 1) for the given parts. */
export function unitHash(...parts: number[]): number {
  return hash32(...parts) / 4294967296;
}

/** Value noise in [0, 1): random knots at integer positions, smoothly (cosine) interpolated. */
export function smoothNoise(seed: number, channel: number, position: number): number {
  const knot = Math.floor(position);
  const fraction = position - knot;
  const a = unitHash(seed, channel, knot);
  const b = unitHash(seed, channel, knot + 1);
  const blend = (1 - Math.cos(fraction * Math.PI)) / 2;
  return a + (b - a) * blend;
}
