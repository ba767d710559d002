import { authenticateClient, basicCredentials, type RegisteredClient } from '../oauth/client-auth.js';
import { verifyS256 } from '../oauth/pkce.js';
import type { Handler, HttpContext } from './context.js';
import { applyLatency } from './fault-replies.js';
import { json, tooManyRequests, type Reply } from './replies.js';

/**
 * `POST /oauth2/v3/token` (form or JSON; client_secret_post, client_secret_basic or none):
 * authorization_code (with PKCE S256) and refresh_token, with Tesla's error codes —
 * `invalid_auth_code` for an unknown/used/expired code, `login_required` for any refresh token
 * that can no longer be spent (tesla-fleet-api.md §2.3–2.5) — and client_credentials (partner tokens, §2.6). Counted as endpoint `token`, device
 * `<grant_type>` (so `byEndpointAndDevice['token:refresh_token']`); faults may name the grant type
 * as their deviceId.
 */

export const oauthError = (status: number, error: string, description: string): Reply =>
  json(status, { error, error_description: description });

const loginRequired = () => oauthError(401, 'login_required', 'The refresh_token is invalid');

type Grant = (ctx: HttpContext, form: Record<string, unknown>, clientId: string, client: RegisteredClient) => Promise<Reply>;

const withState = (form: Record<string, unknown>, fallback?: string) => {
  const state = typeof form.state === 'string' ? form.state : fallback;
  return state !== undefined ? { state } : {};
};

const authorizationCodeGrant: Grant = async (ctx, form, clientId) => {
  const { sandbox } = ctx;
  if (typeof form.code !== 'string' || form.code === '') return oauthError(400, 'invalid_request', 'code is required');
  const grant = sandbox.authorizationCodes.find(form.code, sandbox.now());
  const account = grant ? sandbox.world.account(grant.accountName) : undefined;
  if (!grant || !account) return oauthError(400, 'invalid_auth_code', 'The authorization code is invalid, used or expired');
  if (grant.clientId !== clientId) return oauthError(400, 'invalid_grant', 'The authorization code was issued to another client');
  if (form.redirect_uri !== grant.redirectUri) return oauthError(400, 'invalid_grant', 'redirect_uri does not match the authorization request');
  if (grant.codeChallenge !== undefined) {
    const verifier = typeof form.code_verifier === 'string' ? form.code_verifier : '';
    if (!verifyS256(verifier, grant.codeChallenge)) return oauthError(400, 'invalid_grant', 'PKCE verification failed');
  }
  if (form.audience !== undefined && typeof form.audience !== 'string') return oauthError(400, 'invalid_request', 'audience must be a string');
  sandbox.authorizationCodes.markUsed(form.code);
  const tokens = await sandbox.tokens.start(account, clientId, grant.scopes, {
    withRefreshToken: grant.scopes.includes('offline_access'),
    nonce: grant.nonce,
    authTime: grant.authTime,
  });
  return json(200, { ...tokens, ...withState(form, grant.state) });
};

const refreshTokenGrant: Grant = async (ctx, form, clientId) => {
  const { sandbox } = ctx;
  if (typeof form.refresh_token !== 'string' || form.refresh_token === '') {
    return oauthError(400, 'invalid_request', 'refresh_token is required');
  }
  // Checked before spending, so a request from the wrong client does not burn the token.
  const chain = sandbox.refreshTokens.peek(form.refresh_token);
  if (chain && chain.clientId !== clientId) return loginRequired();
  const tokens = await sandbox.tokens.refresh(form.refresh_token, (name) => sandbox.world.account(name));
  if (!tokens) return loginRequired();
  return json(200, { ...tokens, ...withState(form) });
};

/**
 * Partner tokens (tesla-fleet-api.md §2.6): client id *and* secret, a required `audience` (the Fleet
 * base the token is for), optional `scope`; no refresh token. Only the partner endpoints take them.
 */
const clientCredentialsGrant: Grant = async (ctx, form, clientId, client) => {
  const { sandbox } = ctx;
  const sentSecret = (typeof form.client_secret === 'string' && form.client_secret !== '') || /^Basic\s/i.test(ctx.req.headers.authorization ?? '');
  if (!sentSecret || client.clientSecret === undefined) {
    return oauthError(401, 'unauthorized_client', 'client_credentials needs the client secret');
  }
  if (typeof form.audience !== 'string' || form.audience === '') return oauthError(400, 'invalid_request', 'audience is required');
  const scopes = typeof form.scope === 'string' ? form.scope.split(/\s+/).filter(Boolean) : [];
  const expiresIn = sandbox.options.accessTokenLifetimeSeconds;
  const accessToken = await sandbox.issuer.mintPartnerToken(clientId, scopes, form.audience.replace(/\/+$/, ''), expiresIn);
  return json(200, { access_token: accessToken, expires_in: expiresIn, token_type: 'Bearer' });
};

const GRANTS: Record<string, Grant> = {
  authorization_code: authorizationCodeGrant,
  refresh_token: refreshTokenGrant,
  client_credentials: clientCredentialsGrant,
};

export const tokenEndpoint: Handler = async (ctx) => {
  const { sandbox } = ctx;
  let form: Record<string, unknown>;
  try {
    form = await ctx.body();
  } catch (error) {
    sandbox.counters.record('token');
    throw error;
  }
  const grantType = typeof form.grant_type === 'string' ? form.grant_type : undefined;
  sandbox.counters.record('token', grantType);
  const fault = sandbox.faults.take('token', grantType ? [grantType] : []);
  if (fault) {
    await applyLatency(fault, sandbox.shutdown.signal, { lateAnswer: true });
    if (fault.status === 429) return tooManyRequests(20, fault.retryAfterSeconds ?? 1);
    if (fault.status !== undefined) return oauthError(fault.status, fault.error ?? 'server_error', 'injected fault');
  }
  const grant = grantType !== undefined && Object.hasOwn(GRANTS, grantType) ? GRANTS[grantType] : undefined;
  if (!grant) return oauthError(400, 'unsupported_grant_type', `Use one of: ${Object.keys(GRANTS).join(', ')}`);
  const claimedId = basicCredentials(ctx.req.headers.authorization)?.id ?? (typeof form.client_id === 'string' ? form.client_id : undefined);
  const registered = sandbox.registeredClient(claimedId) ?? sandbox.options;
  const client = authenticateClient(ctx.req.headers.authorization, form, registered);
  if (!client.ok) return oauthError(client.status, client.error, client.description);
  return grant(ctx, form, client.clientId, registered);
};
