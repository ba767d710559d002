import type { Config } from '../config.js';
import { registerPartner, type PartnerRegion, type PartnerRegistrationOutcome } from '../tesla/partner-registration.js';
import { TESLA_REGION_BASE_URLS, type FleetClients } from './fleet-clients.js';
import type { TeslaApps } from './tesla-apps.js';

/**
 * The gateway's side of Tesla's partner registration: which regions, with which app (China is its
 * own Tesla app), for which domain (PUBLIC_URL's host, no port: what customers see when pairing).
 * Used by `npm run admin -- tesla:register` and, in the sandbox, at every start.
 */

/**
 * Every region the app serves: NA and EU with the app's credentials; CN with the CN app's when
 * TESLA_CN_CLIENT_ID is set (live), or with the sandbox app (the simulator's one client stands in
 * for both). With TESLA_FLEET_API_URL set, only that base.
 */
export function partnerRegions(config: Config, apps: TeslaApps, regionBaseUrls: Record<string, string>): { regions: PartnerRegion[]; skipped: string[] } {
  const bases = config.tesla.fleetApiUrl ? { configured: config.tesla.fleetApiUrl } : { ...TESLA_REGION_BASE_URLS, ...regionBaseUrls };
  const regions: PartnerRegion[] = [];
  const skipped: string[] = [];
  for (const [region, baseUrl] of Object.entries(bases)) {
    if (region === 'cn' && config.tesla.mode === 'live' && !config.tesla.cn) {
      skipped.push('cn (set TESLA_CN_CLIENT_ID and TESLA_CN_CLIENT_SECRET to serve China accounts)');
      continue;
    }
    const oauth = region === 'cn' ? (apps.cn ?? (config.tesla.mode === 'sandbox' ? apps.global : null)) : apps.global;
    if (!oauth) {
      skipped.push(`${region} (no Tesla OAuth issuer configured)`);
      continue;
    }
    regions.push({ region, baseUrl, partnerToken: (audience, scopes) => oauth.partnerToken(audience, scopes) });
  }
  return { regions, skipped };
}

/** The registration domain: PUBLIC_URL's host without port (Tesla shows it when pairing a key). */
export function partnerDomain(config: Config): string {
  return new URL(config.publicUrl).hostname;
}

export async function registerTeslaApp(
  config: Config,
  clients: FleetClients,
  apps: TeslaApps,
  regionBaseUrls: Record<string, string>,
  publicKeyPem: string | null,
): Promise<{ domain: string; outcomes: PartnerRegistrationOutcome[]; skipped: string[] }> {
  if (!publicKeyPem) throw new Error('no public key to register: set TESLA_PUBLIC_KEY_FILE to the PEM of your command proxy\'s key pair');
  const domain = partnerDomain(config);
  const { regions, skipped } = partnerRegions(config, apps, regionBaseUrls);
  const outcomes = await registerPartner({ regions, domain, publicKeyPem, clientFor: (baseUrl, token) => clients.forToken(token, baseUrl) });
  return { domain, outcomes, skipped };
}
