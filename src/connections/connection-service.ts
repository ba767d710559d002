import type { Db } from '../db/database.js';
import type { TeslaConnectionRow } from '../db/tables.js';
import { GatewayError } from '../gateway-error.js';
import type { Logger } from '../observability/logger.js';
import { TeslaApiError } from '../tesla/errors.js';
import { readAccessTokenClaims, type AccessTokenClaims } from '../tesla/token-claims.js';
import { findConnectionsByIds, listConnections, upsertConnection } from './connection-repository.js';
import type { FleetClients } from './fleet-clients.js';
import { discoverInventory, type InventorySummary } from './inventory-discovery.js';
import type { TokenVault } from './token-vault.js';
import { insufficientScopes, toGatewayError, type RemediationLinks } from './upstream-errors.js';

export interface ImportConnectionInput {
  organizationId: string;
  accessToken: string;
  refreshToken?: string | null | undefined;
  region?: string | null | undefined;
}

/**
 * Tesla connections: registering a token pair, finding the account's region, discovering its
 * devices, and vouching that a connection may be used for a read before any upstream call.
 */
export class ConnectionService {
  constructor(
    private readonly db: Db,
    private readonly vault: TokenVault,
    private readonly clients: FleetClients,
    private readonly links: RemediationLinks,
    private readonly logger: Logger,
  ) {}

  /** The path every account takes once Tesla has issued tokens (consent callback, import, sandbox). */
  async importConnection(input: ImportConnectionInput): Promise<{ connection: TeslaConnectionRow; inventory: InventorySummary }> {
    let claims: AccessTokenClaims;
    try {
      claims = readAccessTokenClaims(input.accessToken);
    } catch {
      throw GatewayError.badUserInput('accessToken', 'accessToken is not a Tesla access token (a JWT)');
    }
    const region = input.region?.toLowerCase() ?? claims.region ?? 'na';
    const probe = this.clients.forToken(input.accessToken, this.clients.baseUrlForRegion(region));
    const facts = { id: 'new', granted_scopes: claims.scopes };
    let regionInfo;
    try {
      regionInfo = await probe.region();
    } catch (error) {
      throw toGatewayError(error, facts, [], this.links);
    }
    const access = this.vault.seal(input.accessToken);
    const refresh = input.refreshToken ? this.vault.seal(input.refreshToken) : null;
    const connection = await upsertConnection(this.db, {
      organizationId: input.organizationId,
      teslaUserId: claims.subject,
      region: regionInfo.region.toLowerCase(),
      fleetApiBaseUrl: regionInfo.fleet_api_base_url,
      accessTokenCiphertext: access.ciphertext,
      refreshTokenCiphertext: refresh?.ciphertext ?? null,
      keyId: access.keyId,
      expiresAt: claims.expiresAt ?? null,
      grantedScopes: claims.scopes,
    });
    const inventory = await this.refreshInventory(connection);
    this.logger.info({ connectionId: connection.id, region: connection.region, ...inventory }, 'Tesla connection imported');
    return { connection, inventory };
  }

  async refreshInventory(connection: TeslaConnectionRow): Promise<InventorySummary> {
    try {
      return await discoverInventory(this.db, this.clients.forConnection(connection), connection, this.logger);
    } catch (error) {
      if (error instanceof TeslaApiError) throw toGatewayError(error, connection, ['energy_device_data'], this.links);
      throw error;
    }
  }

  listConnections(organizationId: string): Promise<TeslaConnectionRow[]> {
    return listConnections(this.db, organizationId);
  }

  async connectionsByIds(organizationId: string, ids: readonly string[]): Promise<TeslaConnectionRow[]> {
    return findConnectionsByIds(this.db, organizationId, ids);
  }

  /** Throws the error a caller would get from Tesla, before spending a call on it. */
  assertUsable(connection: TeslaConnectionRow, requiredScopes: readonly string[]): void {
    if (connection.status !== 'ACTIVE') {
      throw new GatewayError('CONNECTION_NEEDS_REAUTH', 'this Tesla connection needs the customer to connect again', {
        connectionId: connection.id,
        remediation: { revokeConsentUrl: this.links.revokeConsentUrl, steps: ['Connect the Tesla account again.'] },
      });
    }
    const granted = new Set(connection.granted_scopes);
    if (requiredScopes.some((s) => !granted.has(s))) throw insufficientScopes(connection, requiredScopes, this.links);
  }

  /** Runs one upstream read for a connection, mapping Tesla's failures to the gateway's codes. */
  async read<T>(connection: TeslaConnectionRow, requiredScopes: readonly string[], call: (client: ReturnType<FleetClients['forConnection']>) => Promise<T>): Promise<T> {
    this.assertUsable(connection, requiredScopes);
    try {
      return await call(this.clients.forConnection(connection));
    } catch (error) {
      throw toGatewayError(error, connection, requiredScopes, this.links);
    }
  }
}
