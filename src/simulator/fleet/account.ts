import type { EnergySite } from './energy-site.js';
import type { Vehicle } from './vehicle.js';

/** A Tesla customer account in the sandbox: who owns which sites and cars, and in which region. */

export type Region = 'na' | 'eu';

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

export function ouCode(region: Region): 'NA' | 'EU' {
  return region === 'eu' ? 'EU' : 'NA';
}
