import type { Config } from '../config.js';
import type { TeslaOAuth } from '../tesla/tesla-oauth.js';
import { TESLA_REGION_BASE_URLS } from './fleet-clients.js';
import { teslaOAuthFor } from './partner-accounts.js';

/** Which Tesla a customer consents at: auth.tesla.com (NA, EU, APAC) or auth.tesla.cn (China). */
export type TeslaAuthRegion = 'global' | 'cn';

/**
 * The Tesla OAuth apps the gateway holds: the global one (TESLA_CLIENT_ID) and, when configured,
 * China's (TESLA_CN_CLIENT_ID, auth.tesla.cn — a separate Tesla with its own developer portal and
 * credentials). Consent, code exchange and every refresh of an account in region `cn` go to the CN
 * app; its tokens are for the CN Fleet base.
 */
export class TeslaApps {
  readonly global: TeslaOAuth | null;
  readonly cn: TeslaOAuth | null;

  constructor(config: Config, regionBaseUrls: Record<string, string>) {
    this.global = teslaOAuthFor(config, 'na', config.tesla.fleetApiUrl ?? regionBaseUrls['na'] ?? TESLA_REGION_BASE_URLS['na']!);
    this.cn = config.tesla.cn ? teslaOAuthFor(config, 'cn', regionBaseUrls['cn'] ?? TESLA_REGION_BASE_URLS['cn']!) : null;
  }

  /** The app for an auth region ('global' | 'cn') or an account region ('na' | 'eu' | 'cn'). */
  forRegion(region: string | null | undefined): TeslaOAuth | null {
    return region === 'cn' ? this.cn : this.global;
  }
}
