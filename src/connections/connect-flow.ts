import { createHash } from 'node:crypto';
import type { Db } from '../db/database.js';
import type { TeslaConnectionRow } from '../db/tables.js';
import { GatewayError } from '../gateway-error.js';
import type { Logger } from '../observability/logger.js';
import { DEFAULT_REQUESTED_SCOPES, TeslaScope } from '../tesla/scopes.js';
import { TeslaOAuth, TeslaOAuthError } from '../tesla/tesla-oauth.js';
import { readAccessTokenClaims } from '../tesla/token-claims.js';
import type { TeslaApps, TeslaAuthRegion } from './tesla-apps.js';
import type { ConnectionService } from './connection-service.js';
import type { InventorySummary } from './inventory-discovery.js';
import type { ReconnectLinks } from './reconnect-links.js';
import type { TokenVault } from './token-vault.js';

/** How long a customer has between opening the link and finishing consent at Tesla. */
const SESSION_TTL_MS = 30 * 60_000;
/** Without these there is no refresh token and no id token. */
const ALWAYS_REQUESTED = ['openid', 'offline_access'];
const KNOWN_SCOPES = new Set<string>(Object.values(TeslaScope));

export type CallbackResult =
  | { ok: true; connection: TeslaConnectionRow; inventory: InventorySummary; redirectAfter: string | null }
  | { ok: false; message: string; redirectAfter: string | null };

function hashState(state: string): string {
  return createHash('sha256').update(state).digest('hex');
}

/**
 * The consent flow: a connect link (state + PKCE S256 + nonce kept server-side with an expiry), and
 * the callback that checks them, exchanges the code, and imports the connection like any other.
 */
export class ConnectFlow {
  constructor(
    private readonly db: Db,
    private readonly vault: TokenVault,
    private readonly apps: TeslaApps,
    private readonly connections: ConnectionService,
    private readonly logger: Logger,
    private readonly links: ReconnectLinks,
  ) {}

  normaliseScopes(scopes: readonly string[] | null | undefined): string[] {
    const requested = scopes?.length ? scopes : DEFAULT_REQUESTED_SCOPES;
    const unknown = requested.filter((s) => !KNOWN_SCOPES.has(s));
    if (unknown.length) throw GatewayError.badUserInput('scopes', `unknown Tesla scope(s): ${unknown.join(', ')}`);
    return [...new Set([...ALWAYS_REQUESTED, ...requested])];
  }

  async createConnectLink(
    organizationId: string,
    input: { scopes?: readonly string[] | null; redirectAfter?: string | null; authRegion?: TeslaAuthRegion | null; expectedTeslaUserId?: string | null },
  ): Promise<{ authorizationUrl: string; expiresAt: Date; scopes: string[] }> {
    const authRegion = input.authRegion ?? 'global';
    const oauth = this.requireOAuth(authRegion);
    const scopes = this.normaliseScopes(input.scopes);
    const redirectAfter = input.redirectAfter ?? null;
    if (redirectAfter !== null) {
      let url: URL | undefined;
      try {
        url = new URL(redirectAfter);
      } catch {
        url = undefined;
      }
      if (!url || !['http:', 'https:'].includes(url.protocol)) throw GatewayError.badUserInput('redirectAfter', 'redirectAfter must be an absolute http(s) URL');
    }
    await this.purgeExpired();
    const { codeVerifier, state, nonce } = TeslaOAuth.newPkce();
    const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
    await this.db
      .insertInto('connect_sessions')
      .values({
        organization_id: organizationId,
        state_hash: hashState(state),
        code_verifier_ciphertext: this.vault.seal(codeVerifier).ciphertext,
        nonce,
        requested_scopes: scopes,
        redirect_after: redirectAfter,
        expires_at: expiresAt,
        auth_region: authRegion,
        expected_tesla_user_id: input.expectedTeslaUserId ?? null,
      })
      .execute();
    const url = await oauth.authorizationUrl({ scopes, state, nonce, codeVerifier });
    return { authorizationUrl: url.toString(), expiresAt, scopes };
  }

  /**
   * Opens a reconnect link (see ReconnectLinks) and returns Tesla's authorization URL for it. The
   * link works once; the consent it starts must come back with the account it was made for.
   */
  async startFromReconnectLink(link: string): Promise<string> {
    const opened = this.links.open(link);
    if (!opened) throw GatewayError.badUserInput('link', 'this reconnect link is not valid or has expired (links last 24 hours); ask for a new one');
    const [connection] = await this.connections.connectionsByIds(opened.organizationId, [opened.connectionId]);
    if (!connection || connection.tesla_user_id !== opened.teslaUserId) throw GatewayError.badUserInput('link', 'this reconnect link is for a connection that no longer exists');
    const claimed = await this.db
      .insertInto('used_reconnect_links')
      .values({ link_id: opened.linkId, expires_at: opened.expiresAt })
      .onConflict((oc) => oc.column('link_id').doNothing())
      .returning('link_id')
      .executeTakeFirst();
    if (!claimed) throw GatewayError.badUserInput('link', 'this reconnect link was already used; ask for a new one');
    const { authorizationUrl } = await this.createConnectLink(opened.organizationId, {
      scopes: opened.scopes,
      authRegion: connection.region === 'cn' ? 'cn' : 'global',
      expectedTeslaUserId: opened.teslaUserId,
    });
    return authorizationUrl;
  }

  /** Sessions past their expiry and used link ids past theirs hold nothing anyone needs. */
  private async purgeExpired(): Promise<void> {
    const now = new Date();
    await this.db.deleteFrom('connect_sessions').where('expires_at', '<', now).execute();
    await this.db.deleteFrom('used_reconnect_links').where('expires_at', '<', now).execute();
  }

  async completeCallback(callbackUrl: URL): Promise<CallbackResult> {
    const state = callbackUrl.searchParams.get('state');
    if (!state) return { ok: false, message: 'the callback has no state', redirectAfter: null };
    // Claim the session atomically: a replayed or raced callback finds nothing to claim.
    const session = await this.db
      .updateTable('connect_sessions')
      .set({ used_at: new Date() })
      .where('state_hash', '=', hashState(state))
      .where('used_at', 'is', null)
      .where('expires_at', '>', new Date())
      .returningAll()
      .executeTakeFirst();
    if (!session) return { ok: false, message: 'this consent link is unknown, expired or already used; start again from a new connect link', redirectAfter: null };
    // A used session holds a PKCE verifier and nothing else of use: purged whatever the outcome.
    const purge = () => this.db.deleteFrom('connect_sessions').where('id', '=', session.id).execute();
    const fail = async (message: string): Promise<CallbackResult> => {
      await purge();
      this.logger.warn({ sessionId: session.id, reason: message }, 'Tesla consent failed');
      return { ok: false, message, redirectAfter: session.redirect_after };
    };
    const teslaError = callbackUrl.searchParams.get('error');
    if (teslaError) return fail(`Tesla did not grant access: ${teslaError}${callbackUrl.searchParams.get('error_description') ? ` (${callbackUrl.searchParams.get('error_description')})` : ''}`);
    let tokens;
    try {
      tokens = await this.requireOAuth(session.auth_region === 'cn' ? 'cn' : 'global').exchangeCode(callbackUrl, { codeVerifier: this.vault.open(session.code_verifier_ciphertext), state, nonce: session.nonce });
    } catch (error) {
      return fail(error instanceof TeslaOAuthError ? error.message : 'the code exchange with Tesla failed');
    }
    if (session.expected_tesla_user_id !== null && readAccessTokenClaims(tokens.accessToken).subject !== session.expected_tesla_user_id) {
      // A reconnect link only reconnects its own account: another account's tokens are dropped unused.
      return fail('this reconnect link is for another Tesla account: sign in at Tesla with the account it was sent for');
    }
    try {
      const { connection, inventory } = await this.connections.importConnection({
        organizationId: session.organization_id,
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        expiresIn: tokens.expiresIn,
      });
      await purge();
      return { ok: true, connection, inventory, redirectAfter: session.redirect_after };
    } catch (error) {
      return fail(error instanceof GatewayError ? error.message : 'the connection could not be set up');
    }
  }

  private requireOAuth(authRegion: TeslaAuthRegion): TeslaOAuth {
    const oauth = this.apps.forRegion(authRegion);
    if (oauth) return oauth;
    if (authRegion === 'cn') {
      throw GatewayError.badUserInput('input.authRegion', 'China accounts need the gateway\'s CN Tesla app: set TESLA_CN_CLIENT_ID and TESLA_CN_CLIENT_SECRET (from developer.tesla.cn)');
    }
    throw new GatewayError('BAD_USER_INPUT', 'no Tesla OAuth client is configured (TESLA_CLIENT_ID, TESLA_AUTH_ISSUER)', { field: 'scopes' });
  }
}
