import * as oidc from 'openid-client';
import { upstreamText } from '../upstream/upstream-text.js';

export interface TeslaOAuthOptions {
  /** Issuer identifier, or the discovery document's URL (Tesla's lives under /thirdparty/). */
  issuer: string;
  clientId: string;
  /** Confidential clients send it; public clients rely on PKCE alone. */
  clientSecret?: string | undefined;
  /** Read at each use: a gateway on an ephemeral port learns its own URL only once listening. */
  redirectUri: () => string;
  /** Tesla wants the Fleet API base the tokens are for. */
  audience: string;
  /**
   * Overrides the discovered token endpoint: Tesla's discovery still names auth.tesla.com while
   * partners must call fleet-auth (tesla-fleet-api.md §1.1, §10.1).
   */
  tokenEndpoint?: string | undefined;
  timeoutMs: number;
}

export interface TeslaTokenSet {
  accessToken: string;
  refreshToken: string | null;
  /** Seconds from now, as the token endpoint said (safer than trusting our clock against `exp`). */
  expiresIn: number | null;
}

export type TeslaOAuthErrorKind = 'refresh_refused' | 'invalid_grant' | 'unavailable';

/** A failure at Tesla's OAuth server; `teslaError` is the server's short code (e.g. login_required). */
export class TeslaOAuthError extends Error {
  override name = 'TeslaOAuthError';
  constructor(
    readonly kind: TeslaOAuthErrorKind,
    message: string,
    readonly teslaError?: string,
    readonly status?: number,
  ) {
    super(upstreamText(message));
    this.teslaError = upstreamText(teslaError);
  }
}

/**
 * Tesla's OAuth 2 server through openid-client: discovery, authorization URL with PKCE, code
 * exchange and refresh. Knows nothing of the gateway's database; callers persist what it returns.
 */
export class TeslaOAuth {
  private configuration: Promise<oidc.Configuration> | undefined;

  constructor(private readonly options: TeslaOAuthOptions) {}

  private config(): Promise<oidc.Configuration> {
    if (!this.configuration) {
      const { issuer, clientId, clientSecret, timeoutMs } = this.options;
      const url = new URL(issuer);
      const insecure = url.protocol === 'http:';
      const metadata = clientSecret ? { client_secret: clientSecret } : undefined;
      const auth = clientSecret ? oidc.ClientSecretPost(clientSecret) : oidc.None();
      this.configuration = oidc
        .discovery(url, clientId, metadata, auth, {
          timeout: Math.ceil(timeoutMs / 1000),
          // Only the sandbox simulator speaks plain HTTP.
          ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
        })
        .then((discovered) => {
          const tokenEndpoint = this.options.tokenEndpoint;
          let configuration = discovered;
          if (tokenEndpoint && discovered.serverMetadata().token_endpoint !== tokenEndpoint) {
            const { supportsPKCE: _helper, ...server } = discovered.serverMetadata();
            configuration = new oidc.Configuration({ ...server, token_endpoint: tokenEndpoint }, clientId, metadata, auth);
            if (insecure) oidc.allowInsecureRequests(configuration);
            configuration.timeout = Math.ceil(timeoutMs / 1000);
          }
          configuration[oidc.customFetch] = withoutIdToken;
          return configuration;
        })
        .catch((error: unknown) => {
          this.configuration = undefined; // try discovery again next time
          throw new TeslaOAuthError('unavailable', `Tesla's OAuth discovery failed: ${(error as Error).message}`);
        });
    }
    return this.configuration;
  }

  static newPkce(): { codeVerifier: string; state: string; nonce: string } {
    return { codeVerifier: oidc.randomPKCECodeVerifier(), state: oidc.randomState(), nonce: oidc.randomNonce() };
  }

  async authorizationUrl(params: { scopes: readonly string[]; state: string; nonce: string; codeVerifier: string }): Promise<URL> {
    const config = await this.config();
    return oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.options.redirectUri(),
      scope: params.scopes.join(' '),
      state: params.state,
      nonce: params.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(params.codeVerifier),
      code_challenge_method: 'S256',
      // Without it Tesla silently reuses an earlier, narrower consent.
      prompt_missing_scopes: 'true',
      // A browser already signed in to another Tesla account must not connect that one by accident
      // (Tesla's third-party token docs list prompt=login among the authorize parameters).
      prompt: 'login',
      locale: 'en-US',
    });
  }

  async exchangeCode(callbackUrl: URL, checks: { codeVerifier: string; state: string; nonce: string }): Promise<TeslaTokenSet> {
    const config = await this.config();
    try {
      const tokens = await oidc.authorizationCodeGrant(
        config,
        callbackUrl,
        // PKCE and state protect the exchange; with no id_token there is no nonce to check.
        { pkceCodeVerifier: checks.codeVerifier, expectedState: checks.state, idTokenExpected: false },
        { audience: this.options.audience, redirect_uri: this.options.redirectUri() },
      );
      return toTokenSet(tokens);
    } catch (error) {
      throw toOAuthError(error, 'code exchange');
    }
  }

  /**
   * A partner token (client_credentials: client id and secret), for the partner endpoints such as
   * `partner_accounts`. Tesla requires `audience` = the Fleet base the token is for, one per region
   * (tesla-fleet-api.md §2.6). Needs a confidential client.
   */
  async partnerToken(audience: string, scopes: readonly string[]): Promise<string> {
    if (!this.options.clientSecret) throw new TeslaOAuthError('invalid_grant', 'a partner token needs the app\'s client secret (TESLA_CLIENT_SECRET)');
    const config = await this.config();
    try {
      const tokens = await oidc.clientCredentialsGrant(config, { audience, ...(scopes.length ? { scope: scopes.join(' ') } : {}) });
      return tokens.access_token;
    } catch (error) {
      throw toOAuthError(error, 'partner token request');
    }
  }

  async refresh(refreshToken: string): Promise<TeslaTokenSet> {
    const config = await this.config();
    try {
      return toTokenSet(await oidc.refreshTokenGrant(config, refreshToken));
    } catch (error) {
      throw toOAuthError(error, 'token refresh');
    }
  }
}

/**
 * Token responses reach openid-client without their id_token. The gateway uses none (the account's
 * `sub`, scopes and region come from the access token), while openid-client validates one whenever
 * it comes back — and Tesla's documents disagree on hosts (the third-party discovery document's
 * issuer, the token endpoint the docs require, `jwks_uri` by environment), so an `iss` or `aud`
 * other than discovery's would fail every code exchange and refresh. openid-client v6 has no switch
 * for this; dropping the claim here is the documented extension point (`customFetch`).
 */
const withoutIdToken: oidc.CustomFetch = async (url, options) => {
  const response = await fetch(url, options as RequestInit);
  if (!response.headers.get('content-type')?.includes('json')) return response;
  const body: unknown = await response.clone().json().catch(() => null);
  if (!body || typeof body !== 'object' || !('id_token' in body)) return response;
  const { id_token: _unused, ...rest } = body as Record<string, unknown>;
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  return new Response(JSON.stringify(rest), { status: response.status, statusText: response.statusText, headers });
};

function toTokenSet(tokens: oidc.TokenEndpointResponse): TeslaTokenSet {
  return {
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token ?? null,
    expiresIn: typeof tokens.expires_in === 'number' ? tokens.expires_in : null,
  };
}

/** Tesla refuses a spent/expired refresh token with `login_required`; standard servers say `invalid_grant`. */
function toOAuthError(error: unknown, what: string): TeslaOAuthError {
  if (error instanceof oidc.ResponseBodyError) {
    const refused = error.error === 'login_required' || error.error === 'invalid_grant' || error.error === 'invalid_auth_code';
    const kind: TeslaOAuthErrorKind = what === 'token refresh' ? (refused ? 'refresh_refused' : 'unavailable') : refused ? 'invalid_grant' : 'unavailable';
    return new TeslaOAuthError(error.status >= 500 ? 'unavailable' : kind, `Tesla refused the ${what}: ${error.error}`, error.error, error.status);
  }
  if (error instanceof oidc.AuthorizationResponseError) {
    return new TeslaOAuthError('invalid_grant', `the authorization response was an error: ${error.error}`, error.error);
  }
  if (error instanceof TeslaOAuthError) return error;
  const message = error instanceof Error ? error.message : String(error);
  // openid-client checks state, PKCE and id_token locally; those failures are the caller's problem.
  const local = error instanceof Error && 'code' in error && typeof (error as { code: unknown }).code === 'string' && String((error as { code: string }).code).startsWith('OAUTH_');
  return new TeslaOAuthError(local ? 'invalid_grant' : 'unavailable', `${what} failed: ${message}`);
}
