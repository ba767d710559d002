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

/**
 * Where the app has called `POST /api/1/partner_accounts`. Tesla answers 412 in a region the app
 * is not registered in (§1.3); every region starts registered so tests opt into the failure.
 */
export class PartnerRegistration {
  private registered: Record<Region, boolean> = { na: true, eu: true, cn: true };

  isRegistered(region: Region): boolean {
    return this.registered[region];
  }

  snapshot(): Record<Region, boolean> {
    return { ...this.registered };
  }

  update(changes: Partial<Record<Region, boolean>>): Record<Region, boolean> {
    this.registered = { ...this.registered, ...changes };
    return this.snapshot();
  }

  reset(): void {
    this.registered = { na: true, eu: true, cn: true };
  }
}
