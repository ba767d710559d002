import type { Region } from './fleet/account.js';

/**
 * The simulator's regional Fleet API hosts: `${url}/regions/{na,eu,cn}` stand in for
 * fleet-api.prd.{na,eu,cn}.vn.cloud.tesla.* (tesla-fleet-api.md §1.1). The unprefixed `/api/1`
 * is a "global" host that serves every account, kept so existing callers need no region.
 */

export const REGIONS = ['na', 'eu', 'cn'] as const satisfies readonly Region[];

export function isRegion(text: string | undefined): text is Region {
  return text !== undefined && (REGIONS as readonly string[]).includes(text);
}

export function regionBaseUrl(simulatorUrl: string, region: Region): string {
  return `${simulatorUrl}/regions/${region}`;
}

/** The Fleet bases a token's `aud` lists, as Tesla's do (NA and EU together; CN on its own). */
export function audienceBaseUrls(simulatorUrl: string, region: Region): string[] {
  const regions: Region[] = region === 'cn' ? ['cn'] : ['na', 'eu'];
  return regions.map((r) => regionBaseUrl(simulatorUrl, r));
}

/** What `POST /api/1/partner_accounts` recorded in one region: the domain and the key fetched from it. */
export interface PartnerAccount {
  domain: string;
  /** The key Tesla fetched from the domain's well-known URL, as the uncompressed P-256 point in hex (`04…`). */
  publicKeyHex: string;
  registeredAt: number;
}

/**
 * Where the app has called `POST /api/1/partner_accounts`. Tesla answers 412 in a region the app is
 * not registered in (§1.3, §11), so a fresh simulator is registered nowhere: `npm start` and the
 * test stack register through the real partner flow, as a live integrator does once. Test controls
 * (`/sim/partner-registration`) force a region on or off over that; `preregistered` (simulator
 * option `partnerRegistered`) is for callers that exercise other endpoints with bare tokens.
 */
export class PartnerRegistration {
  private readonly accounts = new Map<Region, PartnerAccount>();
  private overrides: Partial<Record<Region, boolean>> = {};
  /** domain → origin serving its well-known key, for domains Tesla would reach over https (sandbox hosts carry a port). */
  private readonly origins = new Map<string, string>();

  constructor(private readonly preregistered = false) {}

  isRegistered(region: Region): boolean {
    return this.overrides[region] ?? (this.preregistered || this.accounts.has(region));
  }

  account(region: Region): PartnerAccount | undefined {
    return this.accounts.get(region);
  }

  register(region: Region, account: PartnerAccount): void {
    this.accounts.set(region, account);
    delete this.overrides[region];
  }

  /** Where the simulator fetches `domain`'s public key; Tesla's own rule is `https://<domain>`. */
  originOf(domain: string): string {
    return this.origins.get(domain) ?? `https://${domain}`;
  }

  setOrigin(domain: string, origin: string): void {
    this.origins.set(domain, origin.replace(/\/+$/, ''));
  }

  snapshot(): Record<Region, boolean> {
    return { na: this.isRegistered('na'), eu: this.isRegistered('eu'), cn: this.isRegistered('cn') };
  }

  update(changes: Partial<Record<Region, boolean>>): Record<Region, boolean> {
    this.overrides = { ...this.overrides, ...changes };
    return this.snapshot();
  }

  /** A world reset drops the test overrides; the app's registrations are not the world's state and stay. */
  reset(): void {
    this.overrides = {};
  }
}
