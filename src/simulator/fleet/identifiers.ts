import type { SeededRandom } from '../random/seeded-random.js';

/** Tesla-looking identifiers, all drawn from the caller's seeded generator. */

/** An integer above 2^31 and below 2^53, 13–16 digits, the way Tesla's site and vehicle ids look. */
export function largeId(rng: SeededRandom): number {
  // Two draws: one double from mulberry32 only has 32 bits, too few to fill 16 digits.
  const high = rng.int(1_000, 8_999);
  const low = rng.int(0, 999_999) * 1_000_000 + rng.int(0, 999_999);
  return high * 1_000_000_000_000 + low;
}

export function uuid(rng: SeededRandom): string {
  const hex = rng.hex(32).split('');
  hex[12] = '4';
  hex[16] = '89ab'[rng.int(0, 3)] as string;
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const SERIAL_CHARS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';

export function serialNumber(rng: SeededRandom, prefix: string, length = 12): string {
  let out = prefix;
  while (out.length < prefix.length + length) out += SERIAL_CHARS[rng.int(0, SERIAL_CHARS.length - 1)];
  return out;
}

/** A device DIN: `<part number>--<serial number>`, as Tesla prints them. */
export function din(partNumber: string, serial: string): string {
  return `${partNumber}--${serial}`;
}

/** Tesla's STE site number, e.g. STE20220321-00093. */
export function siteNumber(rng: SeededRandom, installationDate: string): string {
  return `STE${installationDate.slice(0, 10).replaceAll('-', '')}-${rng.digits(5)}`;
}

const VIN_VALUES: Record<string, number> = {
  A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8, J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9,
  S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9,
};
const VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
const YEAR_CODES: Record<number, string> = {
  2016: 'G', 2017: 'H', 2018: 'J', 2019: 'K', 2020: 'L', 2021: 'M', 2022: 'N', 2023: 'P', 2024: 'R', 2025: 'S', 2026: 'T',
};

/**
 * A 17-character VIN with a valid check digit (position 9), so that clients which validate VINs
 * (Tesla's own proxy insists on 17 characters) accept the sandbox's cars.
 */
export function vin(rng: SeededRandom, prefix8: string, modelYear: number, plant: string): string {
  const year = YEAR_CODES[modelYear] ?? 'R';
  const body = `${prefix8}0${year}${plant}${rng.digits(6)}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const ch = body[i] as string;
    const value = /\d/.test(ch) ? Number(ch) : (VIN_VALUES[ch] ?? 0);
    sum += value * (VIN_WEIGHTS[i] as number);
  }
  const remainder = sum % 11;
  return `${body.slice(0, 8)}${remainder === 10 ? 'X' : remainder}${body.slice(9)}`;
}
