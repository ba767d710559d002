import { sql } from 'kysely';
import type { Bus } from '../bus/bus.js';
import type { TokenVault } from '../connections/token-vault.js';
import type { Db } from '../db/database.js';
import type { PowerhubAccountRow, PowerhubSiteRow, SiteRow } from '../db/tables.js';
import { GatewayError } from '../gateway-error.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { PowerhubTransport } from '../programs/powerhub-transport.js';
import type { SiteLiveStatus } from '../sites/site-mapping.js';
import { BatchSharedCache, MissingValueError } from '../bus/batch-shared-cache.js';
import type { PowerhubApi, PowerhubTelemetry } from './powerhub-api.js';
import { PowerhubClient } from './powerhub-client.js';
import { PowerhubAuthError } from './powerhub-errors.js';
import * as repo from './powerhub-repository.js';

/**
 * Powerhub inside the gateway (DESIGN §11): an organization connects its Powerhub account with
 * client credentials (validated against Powerhub, stored sealed by the token vault), its Powerhub
 * sites are linked to its Tesla sites by `energy_site_id`, linked sites read their live status
 * from Powerhub in batches of up to 500, and programs dispatch through it (`PowerhubTransport`).
 * One client per organization is kept in memory; it holds (and renews) its own access token.
 */

export interface PowerhubServiceOptions {
  /** POWERHUB_URL: the base every organization's client talks to. */
  baseUrl: string;
  /** The freshness window of the shared upstream cache (UPSTREAM_CACHE_TTL_S). */
  cacheTtlMs: number;
  timeoutMs: number;
  retries: number;
  backoffMs: number;
  maxRetryAfterS: number;
}

/** A telemetry reading as cached (JSON-safe: the instant as text). */
interface CachedTelemetry extends Omit<PowerhubTelemetry, 'timestamp'> {
  timestamp: string;
}

const NOT_CONNECTED_REMEDIATION = 'connectPowerhub first (an admin or operator API key) with the Powerhub client id and secret.';

export class PowerhubService implements PowerhubTransport {
  private readonly clients = new Map<string, { version: string; client: PowerhubApi }>();
  private readonly cache: BatchSharedCache;

  constructor(
    private readonly db: Db,
    private readonly vault: TokenVault,
    bus: Bus,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
    private readonly options: PowerhubServiceOptions,
  ) {
    this.cache = new BatchSharedCache(bus);
  }

  account(organizationId: string): Promise<PowerhubAccountRow | undefined> {
    return repo.findAccount(this.db, organizationId);
  }

  accountById(organizationId: string, id: string): Promise<PowerhubAccountRow | undefined> {
    return repo.findAccountById(this.db, organizationId, id);
  }

  /**
   * Checks the credentials with Powerhub (a token, then every page of `/v2/sites`), stores them
   * sealed, and links each Powerhub site to the organization's site with the same
   * energy_site_id. Again later: replaces the credentials and links again.
   */
  async connectPowerhub(organizationId: string, input: { clientId: string; clientSecret: string }): Promise<PowerhubAccountRow> {
    const clientId = input.clientId.trim();
    if (!clientId) throw GatewayError.badUserInput('input.clientId', 'clientId must not be empty');
    if (!input.clientSecret) throw GatewayError.badUserInput('input.clientSecret', 'clientSecret must not be empty');
    const client = this.buildClient(clientId, input.clientSecret);
    let sites;
    try {
      sites = await client.listSites();
    } catch (error) {
      // Never the secret: the message names the input to fix, nothing more.
      if (error instanceof PowerhubAuthError) throw GatewayError.badUserInput('input.clientSecret', 'Powerhub refused these client credentials');
      throw error;
    }
    const sealed = this.vault.seal(input.clientSecret);
    const account = await this.db.transaction().execute(async (trx) => {
      // Two connects of one organization at once: one after the other.
      await sql`select pg_advisory_xact_lock(hashtext(${`powerhub-account:${organizationId}`}))`.execute(trx);
      return repo.replaceAccount(trx, organizationId, { baseUrl: this.options.baseUrl, clientId, clientSecretCiphertext: sealed.ciphertext, keyId: sealed.keyId }, sites);
    });
    // The validated client (and its token) serves from now on.
    this.clients.set(organizationId, { version: account.client_secret_ciphertext, client });
    this.logger.info(
      { organizationId, powerhubAccountId: account.id, siteCount: account.site_count, unlinkedSiteCount: account.unlinked_site_count },
      'Powerhub account connected',
    );
    return account;
  }

  /** The Powerhub sites linked to these sites, by our site id. */
  async linksBySiteIds(organizationId: string, siteIds: readonly string[]): Promise<Map<string, PowerhubSiteRow>> {
    const rows = await repo.linkedSitesBySiteIds(this.db, organizationId, siteIds);
    return new Map(rows.map((row) => [row.site_id!, row]));
  }

  // PowerhubTransport ---------------------------------------------------------------------------

  async linkedSites(organizationId: string, siteIds: readonly string[]): Promise<Map<string, string>> {
    const links = await this.linksBySiteIds(organizationId, siteIds);
    return new Map([...links].map(([siteId, row]) => [siteId, row.powerhub_site_id]));
  }

  async createDispatch(
    organizationId: string,
    input: { powerhubSiteIds: string[]; mode: 'discharge' | 'charge'; perSiteKw: number; start: Date; end: Date; idempotencyKey: string },
  ) {
    const client = await this.requireClient(organizationId);
    return client.createDispatch({
      siteIds: input.powerhubSiteIds,
      mode: input.mode,
      perSiteKw: input.perSiteKw,
      start: input.start,
      end: input.end,
      idempotencyKey: input.idempotencyKey,
    });
  }

  async getDispatch(organizationId: string, dispatchId: string) {
    const client = await this.requireClient(organizationId);
    const dispatch = await client.getDispatch(dispatchId);
    return { state: dispatch.state, sites: dispatch.sites };
  }

  async cancelDispatch(organizationId: string, dispatchId: string): Promise<void> {
    const client = await this.requireClient(organizationId);
    await client.cancelDispatch(dispatchId);
  }

  // Live status ---------------------------------------------------------------------------------

  /**
   * Live statuses of sites linked to Powerhub (each site with its Powerhub site id), an Error in
   * place of a site that could not be read. Every site is cached for the freshness window, and
   * the sites not cached are read in one telemetry call (Powerhub takes 500 ids per call).
   */
  async liveStatuses(organizationId: string, sites: readonly { site: SiteRow; powerhubSiteId: string }[]): Promise<(SiteLiveStatus | Error)[]> {
    if (sites.length === 0) return [];
    const keys = sites.map(({ powerhubSiteId }) => telemetryKey(organizationId, powerhubSiteId));
    const siteIdOfKey = new Map(sites.map(({ powerhubSiteId }, i) => [keys[i]!, powerhubSiteId]));
    const readings = await this.cache.getOrFetchMany<CachedTelemetry>(
      keys,
      this.options.cacheTtlMs,
      async (missing) => {
        const client = await this.requireClient(organizationId);
        const telemetry = await client.latestTelemetry(missing.map((key) => siteIdOfKey.get(key)!));
        const byId = new Map(telemetry.map((t) => [t.siteId, t]));
        const found = new Map<string, CachedTelemetry>();
        for (const key of missing) {
          const reading = byId.get(siteIdOfKey.get(key)!);
          if (reading) found.set(key, { ...reading, timestamp: reading.timestamp.toISOString() });
        }
        return found;
      },
      (count) => this.metrics.upstreamCacheHits.inc({ endpoint: 'powerhub_telemetry_latest' }, count),
    );
    return readings.map((reading, i) => {
      if (reading instanceof MissingValueError) {
        return new GatewayError('UPSTREAM_UNAVAILABLE', 'Powerhub reported no telemetry for this site', { upstreamStatus: 200, endpoint: 'telemetry_latest' });
      }
      if (reading instanceof Error) return reading;
      return toLiveStatus(reading, sites[i]!.site.has_battery);
    });
  }

  // Clients -------------------------------------------------------------------------------------

  /** The organization's client, rebuilt when its stored credentials changed (e.g. on another instance). */
  private async requireClient(organizationId: string): Promise<PowerhubApi> {
    const account = await repo.findAccount(this.db, organizationId);
    if (!account) {
      throw new GatewayError('BAD_USER_INPUT', 'this organization has not connected a Powerhub account', { remediation: NOT_CONNECTED_REMEDIATION });
    }
    const cached = this.clients.get(organizationId);
    if (cached && cached.version === account.client_secret_ciphertext) return cached.client;
    const client = this.buildClient(account.client_id, this.vault.open(account.client_secret_ciphertext));
    this.clients.set(organizationId, { version: account.client_secret_ciphertext, client });
    return client;
  }

  private buildClient(clientId: string, clientSecret: string): PowerhubClient {
    const { baseUrl, timeoutMs, retries, backoffMs, maxRetryAfterS } = this.options;
    return new PowerhubClient({
      baseUrl,
      clientId,
      clientSecret,
      timeoutMs,
      retries,
      backoffMs,
      maxRetryAfterS,
      onCall: ({ endpoint, status, durationMs }) => {
        this.metrics.upstreamCalls.inc({ endpoint: `powerhub_${endpoint}`, status: String(status) });
        this.metrics.upstreamDuration.observe({ endpoint: `powerhub_${endpoint}` }, durationMs / 1000);
      },
    });
  }
}

/** Per organization: two organizations' accounts may see the same site with different rights. */
function telemetryKey(organizationId: string, powerhubSiteId: string): string {
  return `powerhub_telemetry:${organizationId}:${powerhubSiteId}`;
}

/** kW → W, without float noise (1.234 kW is 1234 W, not 1233.9999999999998). */
const watts = (kw: number | null): number => (kw === null ? 0 : Math.round(kw * 1_000_000) / 1000);

/** Powerhub's reading as a live status: what Powerhub does not report is null. */
export function toLiveStatus(reading: CachedTelemetry, hasBattery: boolean): SiteLiveStatus {
  const timestamp = new Date(reading.timestamp);
  return {
    source: 'POWERHUB',
    timestamp: Number.isNaN(timestamp.getTime()) ? null : timestamp,
    solarPowerW: watts(reading.solarPowerKw),
    batteryPowerW: watts(reading.batteryPowerKw),
    loadPowerW: watts(reading.loadPowerKw),
    gridPowerW: watts(reading.gridPowerKw),
    generatorPowerW: null,
    percentageCharged: hasBattery ? reading.soePercent : null,
    energyLeftWh: null,
    totalPackEnergyWh: null,
    gridStatus: null,
    islandStatus: null,
    stormModeActive: null,
    backupCapable: null,
    gridServicesActive: reading.gridServicesActive,
  };
}
