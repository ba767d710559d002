import type { Config } from '../config.js';
import { TeslaOAuth } from '../tesla/tesla-oauth.js';
import { TESLA_REGION_BASE_URLS } from './fleet-clients.js';

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

/** The OAuth client of the app that serves `region`: the CN app for `cn` when configured. */
function teslaOAuthFor(config: Config, region: string, audience: string): TeslaOAuth | null {
  const cn = region === 'cn' ? config.tesla.cn : undefined;
  const issuer = cn ? cn.authIssuer : config.tesla.authIssuer;
  if (!issuer) return null;
  return new TeslaOAuth({
    issuer,
    clientId: cn ? cn.clientId : config.tesla.clientId,
    clientSecret: cn ? cn.clientSecret : config.tesla.clientSecret,
    redirectUri: () => config.tesla.redirectUri,
    audience,
    timeoutMs: config.upstream.timeoutMs,
    tokenEndpoint: cn ? cn.tokenUrl : config.tesla.tokenUrl,
  });
}
