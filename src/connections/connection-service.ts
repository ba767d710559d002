import type { Db } from '../db/database.js';
import type { TeslaConnectionRow } from '../db/tables.js';
import { GatewayError } from '../gateway-error.js';
import type { Logger } from '../observability/logger.js';
import { isDeviceEndpoint, type FleetApiClient } from '../tesla/fleet-api-client.js';
import { TeslaApiError } from '../tesla/errors.js';
import { readAccessTokenClaims, type AccessTokenClaims } from '../tesla/token-claims.js';
import {
  deviceKindsOfConnections,
  findConnection,
  findConnectionsByIds,
  listConnections,
  setConnectionStatus,
  updateConnectionRegion,
  upsertConnection,
} from './connection-repository.js';
import type { ConnectionStatusEvents, ConnectionTokens } from './connection-tokens.js';
import type { FleetClients } from './fleet-clients.js';
import { discoverInventory, type InventorySummary } from './inventory-discovery.js';
import type { TokenVault } from './token-vault.js';
import type { ReconnectLinks } from './reconnect-links.js';
import type { SiteInventoryEvents } from '../sites/site-inventory-events.js';
import { insufficientScopes, toGatewayError } from './upstream-errors.js';

export interface ImportConnectionInput {
  organizationId: string;
  accessToken: string;
  refreshToken?: string | null | undefined;
  region?: string | null | undefined;
  /** From the token endpoint; more trustworthy than comparing `exp` with our clock. */
  expiresIn?: number | null | undefined;
}

/**
 * Tesla connections: registering a token pair, finding the account's region, discovering its
 * devices, and running reads for a connection with Tesla's recoveries (refresh on 401, region
 * re-discovery on 421) and the gateway's error contract.
 */
/** How long a token the account accepted is trusted over one device's 401 (no refresh meanwhile). */
const TOKEN_PROVEN_FOR_MS = 5 * 60_000;

export class ConnectionService {
  /**
   * Per connection, the access token (ciphertext) a users/region call accepted after one device
   * refused it: that device's next 401 with the same token is its own, without another refresh. For
   * a while only: a consent revoked later must still be found by the refresh a 401 then triggers.
   */
  private readonly tokensProvenForAccount = new Map<string, { ciphertext: string; until: number }>();

  constructor(
    private readonly db: Db,
    private readonly vault: TokenVault,
    private readonly clients: FleetClients,
    private readonly tokens: ConnectionTokens,
    private readonly links: ReconnectLinks,
    private readonly logger: Logger,
    private readonly events: ConnectionStatusEvents & SiteInventoryEvents,
  ) {}

  /** The path every account takes once Tesla has issued tokens (consent callback, import, sandbox). */
  async importConnection(input: ImportConnectionInput): Promise<{ connection: TeslaConnectionRow; inventory: InventorySummary }> {
    let claims: AccessTokenClaims;
    try {
      claims = readAccessTokenClaims(input.accessToken);
    } catch {
      throw GatewayError.badUserInput('accessToken', 'accessToken is not a Tesla access token (a JWT)');
    }
    if (!claims.subject) throw GatewayError.badUserInput('accessToken', 'accessToken has no subject (sub claim)');
    const region = input.region?.toLowerCase() ?? claims.region ?? 'na';
    const facts = { id: 'new', granted_scopes: claims.scopes, region };
    let regionInfo;
    try {
      regionInfo = await this.clients.forToken(input.accessToken, this.clients.baseUrlForRegion(region)).region();
    } catch (error) {
      throw toGatewayError(error, facts, [], this.links.withoutConnection());
    }
    const access = this.vault.seal(input.accessToken);
    const refresh = input.refreshToken ? this.vault.seal(input.refreshToken) : null;
    const expiresAt = input.expiresIn ? new Date(Date.now() + input.expiresIn * 1000) : (claims.expiresAt ?? null);
    const connection = await upsertConnection(this.db, {
      organizationId: input.organizationId,
      teslaUserId: claims.subject,
      region: regionInfo.region.toLowerCase(),
      fleetApiBaseUrl: regionInfo.fleet_api_base_url,
      accessTokenCiphertext: access.ciphertext,
      refreshTokenCiphertext: refresh?.ciphertext ?? null,
      keyId: access.keyId,
      expiresAt,
      grantedScopes: claims.scopes,
    });
    this.events.statusChanged(connection);
    const inventory = await this.refreshInventory(connection);
    this.logger.info({ connectionId: connection.id, region: connection.region, ...inventory }, 'Tesla connection imported');
    return { connection, inventory };
  }

  async refreshInventory(connection: TeslaConnectionRow): Promise<InventorySummary> {
    if (connection.status !== 'ACTIVE') throw this.tokens.needsReauth(connection);
    try {
      return await this.withRecovery(connection, [], (client) => discoverInventory(this.db, client, connection, this.logger));
    } finally {
      // Even a discovery cut short may have stored sites: lists kept in memory must show them.
      this.events.inventoryChanged(connection.organization_id);
    }
  }

  /** Forgets the tokens (the customer's devices and history stay); reads then say ACCOUNT_NEEDS_REAUTH. */
  async disconnect(organizationId: string, connectionId: string): Promise<TeslaConnectionRow> {
    const existing = await findConnection(this.db, organizationId, connectionId);
    if (!existing) throw GatewayError.notFound('Tesla connection');
    const row = (await setConnectionStatus(this.db, existing.id, 'REVOKED', { clearTokens: true }))!;
    this.events.statusChanged(row);
    this.logger.info({ connectionId }, 'Tesla connection disconnected; tokens erased');
    return row;
  }

  findConnection(organizationId: string, connectionId: string): Promise<TeslaConnectionRow | undefined> {
    return findConnection(this.db, organizationId, connectionId);
  }

  listConnections(organizationId: string): Promise<TeslaConnectionRow[]> {
    return listConnections(this.db, organizationId);
  }

  async connectionsByIds(organizationId: string, ids: readonly string[]): Promise<TeslaConnectionRow[]> {
    return findConnectionsByIds(this.db, organizationId, ids);
  }

  /** Which of these connections have energy sites, and which vehicles, recorded. */
  deviceKinds(organizationId: string, ids: readonly string[]): Promise<{ withSites: Set<string>; withVehicles: Set<string> }> {
    return deviceKindsOfConnections(this.db, organizationId, ids);
  }

  /** Throws the error a caller would get from Tesla, before spending a call on it. */
  assertUsable(connection: TeslaConnectionRow, requiredScopes: readonly string[]): void {
    if (connection.status !== 'ACTIVE') throw this.tokens.needsReauth(connection);
    const granted = new Set(connection.granted_scopes);
    if (requiredScopes.some((s) => !granted.has(s))) throw insufficientScopes(connection, requiredScopes, this.links.forConnection(connection));
  }

  /** Runs one upstream read for a connection, mapping Tesla's failures to the gateway's codes. */
  async read<T>(
    connection: TeslaConnectionRow,
    requiredScopes: readonly string[],
    call: (client: FleetApiClient) => Promise<T>,
    /** `signal`: stop calling Tesla once it aborts (a request's deadline); the read rejects with its reason. */
    options: { baseUrl?: string; signal?: AbortSignal | undefined } = {},
  ): Promise<T> {
    this.assertUsable(connection, requiredScopes);
    return this.withRecovery(connection, requiredScopes, call, options.baseUrl, options.signal);
  }

  /**
   * One call with Tesla's recoveries: a 401 refreshes the token (single-flight) and retries once —
   * a second 401 means the consent is gone; a 421 re-discovers the account's region and retries once.
   * Only a refused token is the account's problem: one device's own refusal (401
   * `mobile_access_disabled`, 403, 404, 408…) is never a reason to refresh or to mark the account
   * NEEDS_REAUTH — it maps to that device's error and every other device keeps working. A plain 401
   * on a device's endpoint that survives a refresh is checked on users/region first: if the account
   * accepts the token there, the refusal is the device's (`device_refused`), and it is remembered
   * for that token (five minutes) so the device's next reads cost no refresh.
   */
  private async withRecovery<T>(
    connection: TeslaConnectionRow,
    requiredScopes: readonly string[],
    call: (client: FleetApiClient) => Promise<T>,
    /** E.g. Tesla's vehicle-command proxy; it finds the region itself, so no 421 recovery there. */
    fixedBaseUrl?: string,
    signal?: AbortSignal,
  ): Promise<T> {
    let usedToken: string | undefined;
    let baseUrl = fixedBaseUrl ?? connection.fleet_api_base_url;
    let refreshed = false;
    let rediscovered = false;
    const client = () => this.clientWithToken(connection.id, baseUrl, (ciphertext) => (usedToken = ciphertext), fixedBaseUrl, signal);
    for (;;) {
      try {
        return await call(client());
      } catch (error) {
        if (error instanceof TeslaApiError && (error.kind === 'unauthorized' || error.kind === 'login_required') && usedToken) {
          const deviceMayRefuse = error.kind === 'unauthorized' && isDeviceEndpoint(error.endpoint);
          const proven = this.tokensProvenForAccount.get(connection.id);
          if (deviceMayRefuse && proven?.ciphertext === usedToken && proven.until > Date.now()) throw this.deviceRefused(error, connection, requiredScopes);
          if (refreshed) {
            if (deviceMayRefuse && (await this.accountAcceptsToken(connection, requiredScopes, signal))) throw this.deviceRefused(error, connection, requiredScopes);
            this.tokensProvenForAccount.delete(connection.id);
            throw await this.tokens.markNeedsReauth(connection.id, `Tesla refused a freshly refreshed token on ${error.endpoint}`);
          }
          refreshed = true;
          await this.tokens.refresh(connection.id, usedToken);
          continue;
        }
        if (error instanceof TeslaApiError && error.kind === 'misdirected' && !rediscovered && !fixedBaseUrl) {
          rediscovered = true;
          baseUrl = await this.rediscoverRegion(connection, baseUrl);
          continue;
        }
        throw toGatewayError(error, connection, requiredScopes, this.links.forConnection(connection));
      }
    }
  }

  /**
   * Does the account accept its current token (users/region)? A yes is remembered for that token; a
   * 401 there is a no. Any other failure (no answer, a 5xx) proves nothing either way: it is thrown,
   * as that call's own error, rather than marking the account for re-consent on a guess.
   */
  private async accountAcceptsToken(connection: TeslaConnectionRow, requiredScopes: readonly string[], signal: AbortSignal | undefined): Promise<boolean> {
    let probed: string | undefined;
    try {
      await this.clientWithToken(connection.id, connection.fleet_api_base_url, (ciphertext) => (probed = ciphertext), undefined, signal).region();
    } catch (error) {
      if (error instanceof TeslaApiError && (error.kind === 'unauthorized' || error.kind === 'login_required')) return false;
      throw toGatewayError(error, connection, requiredScopes, this.links.forConnection(connection));
    }
    if (probed) this.tokensProvenForAccount.set(connection.id, { ciphertext: probed, until: Date.now() + TOKEN_PROVEN_FOR_MS });
    return true;
  }

  /** A client on the connection's current access token; `used` learns which token (its ciphertext) each call took. */
  private clientWithToken(connectionId: string, baseUrl: string, used: (ciphertext: string) => void, fixedBaseUrl?: string, signal?: AbortSignal): FleetApiClient {
    return this.clients.forConnection(
      { fleet_api_base_url: baseUrl },
      async () => {
        const current = await this.tokens.current(connectionId);
        used(current.ciphertext);
        return current.token;
      },
      fixedBaseUrl,
      signal,
    );
  }

  private deviceRefused(error: TeslaApiError, connection: TeslaConnectionRow, requiredScopes: readonly string[]): unknown {
    const refused = new TeslaApiError({ kind: 'device_refused', status: error.status, endpoint: error.endpoint, message: error.message, teslaError: error.teslaError });
    return toGatewayError(refused, connection, requiredScopes, this.links.forConnection(connection));
  }

  /** users/region answers on any regional host; the account's own base is stored for next time. */
  private async rediscoverRegion(connection: TeslaConnectionRow, currentBase: string): Promise<string> {
    const { token } = await this.tokens.current(connection.id);
    const info = await this.clients.forToken(token, currentBase).region();
    await updateConnectionRegion(this.db, connection.id, info.region.toLowerCase(), info.fleet_api_base_url);
    this.logger.info({ connectionId: connection.id, region: info.region }, 'Tesla account region re-discovered after 421');
    return info.fleet_api_base_url;
  }
}
