import { createHash } from 'node:crypto';
import type { Db } from '../db/database.js';
import type { TeslaConnectionRow } from '../db/tables.js';
import { GatewayError } from '../gateway-error.js';
import type { Logger } from '../observability/logger.js';
import { DEFAULT_REQUESTED_SCOPES, TeslaScope } from '../tesla/scopes.js';
import { TeslaOAuth, TeslaOAuthError } from '../tesla/tesla-oauth.js';
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
    private readonly oauth: TeslaOAuth | null,
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

  async createConnectLink(organizationId: string, input: { scopes?: readonly string[] | null; redirectAfter?: string | null }): Promise<{ authorizationUrl: string; expiresAt: Date; scopes: string[] }> {
    const oauth = this.requireOAuth();
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
      })
      .execute();
    const url = await oauth.authorizationUrl({ scopes, state, nonce, codeVerifier });
    return { authorizationUrl: url.toString(), expiresAt, scopes };
  }

  /** Opens a reconnect link (see ReconnectLinks) and returns Tesla's authorization URL for it. */
  async startFromReconnectLink(link: string): Promise<string> {
    const opened = this.links.open(link);
    if (!opened) throw GatewayError.badUserInput('link', 'this connect link is not valid or has expired; ask for a new one');
    return (await this.createConnectLink(opened.organizationId, { scopes: opened.scopes })).authorizationUrl;
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
    const fail = async (message: string): Promise<CallbackResult> => {
      await this.db.updateTable('connect_sessions').set({ error: message }).where('id', '=', session.id).execute();
      this.logger.warn({ sessionId: session.id, reason: message }, 'Tesla consent failed');
      return { ok: false, message, redirectAfter: session.redirect_after };
    };
    const teslaError = callbackUrl.searchParams.get('error');
    if (teslaError) return fail(`Tesla did not grant access: ${teslaError}${callbackUrl.searchParams.get('error_description') ? ` (${callbackUrl.searchParams.get('error_description')})` : ''}`);
    let tokens;
    try {
      tokens = await this.requireOAuth().exchangeCode(callbackUrl, { codeVerifier: this.vault.open(session.code_verifier_ciphertext), state, nonce: session.nonce });
    } catch (error) {
      return fail(error instanceof TeslaOAuthError ? error.message : 'the code exchange with Tesla failed');
    }
    try {
      const { connection, inventory } = await this.connections.importConnection({
        organizationId: session.organization_id,
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        expiresIn: tokens.expiresIn,
      });
      await this.db.updateTable('connect_sessions').set({ connection_id: connection.id }).where('id', '=', session.id).execute();
      return { ok: true, connection, inventory, redirectAfter: session.redirect_after };
    } catch (error) {
      return fail(error instanceof GatewayError ? error.message : 'the connection could not be set up');
    }
  }

  private requireOAuth(): TeslaOAuth {
    if (!this.oauth) throw new GatewayError('BAD_USER_INPUT', 'no Tesla OAuth client is configured (TESLA_CLIENT_ID, TESLA_AUTH_ISSUER)', { field: 'scopes' });
    return this.oauth;
  }
}
