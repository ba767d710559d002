import type { EnergySite } from './energy-site.js';
import type { Vehicle } from './vehicle.js';

/** A Tesla customer account in the sandbox: who owns which sites and cars, and in which region. */

/** Tesla's Fleet API regions (tesla-fleet-api.md §1.1); the demo fleet only uses na and eu. */
export type Region = 'na' | 'eu' | 'cn';

export interface Account {
  name: string;
  region: Region;
  /** The JWT `sub`: Tesla's user uuid. */
  userId: string;
  email: string;
  fullName: string;
  vaultUuid: string;
  locale: string;
  sites: EnergySite[];
  vehicles: Vehicle[];
}

export type OuCode = 'NA' | 'EU' | 'CN';

/** The JWT `ou_code` and the prefix of codes and refresh tokens (`NA_…`). */
export function ouCode(region: Region): OuCode {
  return region.toUpperCase() as OuCode;
}
