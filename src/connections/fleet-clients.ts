import type { Config } from '../config.js';
import type { TeslaConnectionRow } from '../db/tables.js';
import type { Metrics } from '../observability/metrics.js';
import { FleetApiClient } from '../tesla/fleet-api-client.js';
import type { TeslaBilling } from '../tesla/tesla-billing.js';

/** Fleet API base URL for each Tesla region (tesla-fleet-api.md §1.1). */
export const TESLA_REGION_BASE_URLS: Record<string, string> = {
  na: 'https://fleet-api.prd.na.vn.cloud.tesla.com',
  eu: 'https://fleet-api.prd.eu.vn.cloud.tesla.com',
  cn: 'https://fleet-api.prd.cn.vn.cloud.tesla.cn',
};

/**
 * Builds Fleet API clients with the gateway's retry policy and metrics, either for a stored
 * connection (tokens from ConnectionTokens, refreshed when due) or for a bare token during import.
 */
export class FleetClients {
  constructor(
    private readonly config: Config,
    private readonly metrics: Metrics,
    /** Regional bases; in sandbox every region points at the simulator. */
    private readonly regionBaseUrls: Record<string, string>,
    /** The app-wide billing-limit state: fed by every call's outcome. */
    private readonly billing?: TeslaBilling,
  ) {}

  baseUrlForRegion(region: string | undefined): string {
    return this.config.tesla.fleetApiUrl ?? this.regionBaseUrls[region ?? 'na'] ?? this.regionBaseUrls['na'] ?? TESLA_REGION_BASE_URLS['na']!;
  }

  forToken(accessToken: string, baseUrl: string): FleetApiClient {
    return this.build(baseUrl, () => accessToken);
  }

  /** A client for a stored connection; the token provider refreshes it when due. */
  forConnection(connection: Pick<TeslaConnectionRow, 'fleet_api_base_url'>, accessToken: () => Promise<string>, baseOverride?: string, signal?: AbortSignal): FleetApiClient {
    return this.build(baseOverride ?? this.config.tesla.fleetApiUrl ?? connection.fleet_api_base_url, accessToken, signal);
  }

  /** `signal` (a request's deadline) stops the client's calls: no attempt or retry after it aborts. */
  private build(baseUrl: string, accessToken: () => string | Promise<string>, signal?: AbortSignal): FleetApiClient {
    const { timeoutMs, retries, backoffMs, maxRetryAfterS, rateLimitBackoffMs } = this.config.upstream;
    return new FleetApiClient({
      baseUrl,
      accessToken,
      signal,
      timeoutMs,
      retries,
      backoffMs,
      maxRetryAfterS,
      rateLimitBackoffMs,
      onCall: ({ endpoint, status, durationMs, errorKind, teslaError }) => {
        this.metrics.upstreamCalls.inc({ endpoint, status: String(status) });
        this.metrics.upstreamDuration.observe({ endpoint }, durationMs / 1000);
        if (errorKind === 'billing_limit') {
          this.metrics.teslaBillingLimitResponses.inc({ endpoint });
          this.billing?.record(teslaError);
        } else if (status >= 200 && status < 300) {
          this.billing?.succeeded(Date.now() - durationMs);
        }
      },
    });
  }
}
