import { applyLatency } from './fault-replies.js';
import type { Sandbox } from '../sandbox.js';
import { SUPPORTED_SCOPES } from '../oauth/scopes.js';
import type { Handler, HttpContext } from './context.js';
import { json, tooManyRequests, type Reply } from './replies.js';
import type { Router } from './router.js';

/**
 * The OAuth server: OIDC discovery, JWKS, the token endpoint and userinfo. Grants are looked
 * up by `grant_type`, so authorization_code and client_credentials slot in as new entries.
 */

function discoveryDocument(sandbox: Sandbox) {
  const base = `${sandbox.url}/oauth2/v3`;
  return {
    issuer: base,
    authorization_endpoint: `${base}/authorize`,
    token_endpoint: `${base}/token`,
    userinfo_endpoint: `${base}/userinfo`,
    jwks_uri: `${base}/discovery/thirdparty/keys`,
    scopes_supported: [...SUPPORTED_SCOPES],
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: ['client_secret_post', 'none'],
    code_challenge_methods_supported: ['S256'],
    claims_supported: ['iss', 'iat', 'exp', 'nonce', 'sub', 'aud'],
  };
}

const oauthError = (status: number, error: string, description: string): Reply =>
  json(status, { error, error_description: description });

type Grant = (ctx: HttpContext, form: Record<string, unknown>) => Promise<Reply>;

const refreshTokenGrant: Grant = async (ctx, form) => {
  const { sandbox } = ctx;
  if (form.client_id !== sandbox.options.clientId) {
    return oauthError(400, 'unauthorized_client', "We don't recognize this client_id and client_secret combination");
  }
  if (typeof form.refresh_token !== 'string' || form.refresh_token === '') {
    return oauthError(400, 'invalid_request', 'refresh_token is required');
  }
  const grant = sandbox.refreshTokens.spend(form.refresh_token, sandbox.now());
  const account = grant ? sandbox.world.account(grant.accountName) : undefined;
  if (!grant || !account) return oauthError(401, 'login_required', 'The refresh_token is invalid');
  const tokens = await sandbox.issueTokens(account, grant.scopes);
  return json(200, { ...tokens, ...(typeof form.state === 'string' ? { state: form.state } : {}) });
};

const GRANTS: Record<string, Grant> = {
  refresh_token: refreshTokenGrant,
};

const tokenEndpoint: Handler = async (ctx) => {
  const { sandbox } = ctx;
  sandbox.counters.record('token');
  const fault = sandbox.faults.take('token', []);
  if (fault) {
    await applyLatency(fault, sandbox.shutdown.signal);
    if (fault.status === 429) return tooManyRequests(20, fault.retryAfterSeconds ?? 1);
    if (fault.status !== undefined) return oauthError(fault.status, fault.error ?? 'server_error', 'injected fault');
  }
  const form = await ctx.body();
  const grant = typeof form.grant_type === 'string' ? GRANTS[form.grant_type] : undefined;
  if (!grant) return oauthError(400, 'unsupported_grant_type', `Use one of: ${Object.keys(GRANTS).join(', ')}`);
  return grant(ctx, form);
};

const userinfo: Handler = async (ctx) => {
  const token = /^Bearer\s+(\S+)/i.exec(ctx.req.headers.authorization ?? '')?.[1];
  const result = token ? await ctx.sandbox.issuer.verify(token) : null;
  const account = result?.ok ? ctx.sandbox.world.accountByUserId(result.claims.sub) : undefined;
  if (!account) return oauthError(401, 'invalid_token', 'The access token is invalid');
  return json(200, { sub: account.userId, email: account.email, name: account.fullName, locale: account.locale });
};

export function addOAuthRoutes(router: Router<Handler>): void {
  const discovery: Handler = (ctx) => json(200, discoveryDocument(ctx.sandbox));
  const jwks: Handler = (ctx) => json(200, ctx.sandbox.issuer.jwks());
  router
    .add('GET', '/oauth2/v3/thirdparty/.well-known/openid-configuration', discovery)
    .add('GET', '/oauth2/v3/.well-known/openid-configuration', discovery)
    .add('GET', '/oauth2/v3/discovery/thirdparty/keys', jwks)
    .add('GET', '/oauth2/v3/discovery/keys', jwks)
    .add('POST', '/oauth2/v3/token', tokenEndpoint)
    .add('GET', '/oauth2/v3/userinfo', userinfo);
}
