import type { Sandbox } from '../sandbox.js';
import { SUPPORTED_SCOPES } from '../oauth/scopes.js';
import type { Handler } from './context.js';
import { json } from './replies.js';
import type { Router } from './router.js';
import { oauthError, tokenEndpoint } from './token-endpoint.js';

/**
 * The OAuth server's metadata side: OIDC discovery, JWKS and userinfo, plus the token endpoint
 * (`token-endpoint.ts`). The browser legs live in `authorize-routes.ts` and
 * `revoke-consent-routes.ts`.
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
    grant_types_supported: ['authorization_code', 'refresh_token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: ['none', 'client_secret_post', 'client_secret_basic'],
    code_challenge_methods_supported: ['S256'],
    claims_supported: ['iss', 'iat', 'exp', 'nonce', 'sub', 'aud', 'auth_time', 'email', 'name'],
  };
}

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
