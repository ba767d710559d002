import { encodeGlobalID } from '@pothos/plugin-relay';

/** A fixed summer afternoon in California: the sun is up, batteries move. */
export const SUMMER_AFTERNOON = Date.parse('2026-06-21T21:00:00Z');

export const TESLA_OPERATION_MODE: Record<string, string> = {
  self_consumption: 'SELF_CONSUMPTION',
  autonomous: 'TIME_BASED_CONTROL',
  backup: 'BACKUP',
};

export const TESLA_EXPORT_RULE: Record<string, string> = { pv_only: 'PV_ONLY', battery_ok: 'BATTERY_OK', never: 'NEVER' };

/** A well-formed global ID that no row has. */
export function missingGlobalId(typename: string): string {
  return encodeGlobalID(typename, '7f0c1d2e-0000-4000-8000-000000000000');
}

export function above32Bits(decimal: string): boolean {
  return BigInt(decimal) > 2n ** 31n && BigInt(decimal) < 2n ** 53n;
}
