import { SUPPORTED_SCOPES } from '../oauth/scopes.js';
import type { AuthorizeRequest } from '../oauth/authorize-requests.js';
import type { Sandbox } from '../sandbox.js';
import { consentPage } from './consent-page.js';
import type { Handler } from './context.js';
import { errorPage, formValues, httpUrl, redirect } from './html.js';
import type { Reply } from './replies.js';
import type { Router } from './router.js';

/**
 * `/oauth2/v3/authorize`: Tesla's browser leg (tesla-fleet-api.md §2.2). Hand-built rather than
 * oidc-provider, because what matters here are Tesla's quirks a generic OP does not model:
 * region-prefixed codes, the `issuer`/`locale` callback parameters, `prompt_missing_scopes` /
 * `require_requested_scopes`, and silent reuse of an earlier consent.
 *
 * A bad client_id or redirect_uri is shown as a page (nowhere safe to redirect to); every later
 * error goes back to the client as `?error=…&state=…`.
 */

const truthy = (value: string | null) => value?.toLowerCase() === 'true';

function redirectUriError(sandbox: Sandbox, raw: string | null): string | undefined {
  const url = httpUrl(raw);
  if (!url) return 'redirect_uri must be an absolute http(s) URL';
  const allowed = sandbox.options.allowedRedirectUris;
  if (allowed && !allowed.includes(raw ?? '')) return 'redirect_uri is not registered for this client';
  return undefined;
}

function redirectWith(redirectUri: string, params: Record<string, string | undefined>): Reply {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, value);
  return redirect(url.toString());
}

const clientError = (redirectUri: string, error: string, description: string, state: string | undefined) =>
  redirectWith(redirectUri, { error, error_description: description, state });

const showConsent: Handler = (ctx) => {
  const { sandbox } = ctx;
  const query = ctx.url.searchParams;
  const clientId = query.get('client_id');
  if (clientId === null || !sandbox.registeredClient(clientId)) return errorPage(400, 'unauthorized_client', "We don't recognize this client_id");
  const redirectUri = query.get('redirect_uri');
  const badRedirect = redirectUriError(sandbox, redirectUri);
  if (badRedirect || !redirectUri) return errorPage(400, 'invalid_redirect_url', badRedirect ?? 'redirect_uri is required');

  const state = query.get('state') ?? undefined;
  if (query.get('response_type') !== 'code') return clientError(redirectUri, 'unsupported_response_type', 'response_type must be code', state);
  if (!state) return clientError(redirectUri, 'invalid_request', 'state is required', state);
  const scopes = [...new Set((query.get('scope') ?? '').split(/\s+/).filter(Boolean))];
  if (scopes.length === 0) return clientError(redirectUri, 'invalid_scope', 'scope is required', state);
  const unknown = scopes.filter((s) => !(SUPPORTED_SCOPES as readonly string[]).includes(s));
  if (unknown.length > 0) return clientError(redirectUri, 'invalid_scope', `unknown scope: ${unknown.join(' ')}`, state);
  const codeChallenge = query.get('code_challenge') ?? undefined;
  // Home Assistant sends a challenge without a method: S256 is assumed (§2.4).
  const method = query.get('code_challenge_method') ?? 'S256';
  if (codeChallenge !== undefined && method !== 'S256') {
    return clientError(redirectUri, 'invalid_request', 'code_challenge_method must be S256', state);
  }

  const nonce = query.get('nonce') ?? undefined;
  const request: AuthorizeRequest = {
    clientId,
    redirectUri,
    scopes,
    state,
    ...(nonce ? { nonce } : {}),
    ...(codeChallenge ? { codeChallenge } : {}),
    promptMissingScopes: truthy(query.get('prompt_missing_scopes')),
    requireRequestedScopes: truthy(query.get('require_requested_scopes')),
    locale: query.get('locale') ?? 'en-US',
  };
  const requestId = sandbox.authorizeRequests.save(request, sandbox.now());
  return consentPage(requestId, request, sandbox.world.accounts);
};

/** What the user granted: Tesla keeps an earlier consent unless the app asked to prompt again. */
function grantedScopes(sandbox: Sandbox, accountName: string, request: AuthorizeRequest, ticked: string[]): string[] {
  const existing = sandbox.consents.get(accountName, request.clientId);
  if (existing && !request.promptMissingScopes) return existing.scopes;
  if (request.requireRequestedScopes) return request.scopes;
  const chosen = new Set(ticked.flatMap((value) => value.split(/\s+/)));
  return request.scopes.filter((s) => chosen.has(s));
}

const answerConsent: Handler = async (ctx) => {
  const { sandbox } = ctx;
  const form = await ctx.body();
  const now = sandbox.now();
  const requestId = typeof form.request_id === 'string' ? form.request_id : '';
  const request = sandbox.authorizeRequests.get(requestId, now);
  if (!request) return errorPage(400, 'invalid_request', 'This sign-in request is unknown or has expired; start again from the app.');
  if (form.decision !== 'allow' && form.decision !== 'deny') return errorPage(400, 'invalid_request', 'decision must be allow or deny');
  const account = typeof form.account === 'string' ? sandbox.world.account(form.account) : undefined;
  if (form.decision === 'allow' && !account) return errorPage(400, 'invalid_request', 'Choose an account to sign in with.');
  sandbox.authorizeRequests.delete(requestId);

  if (form.decision === 'deny' || !account) {
    return clientError(request.redirectUri, 'access_denied', 'The user denied the request', request.state);
  }
  const scopes = grantedScopes(sandbox, account.name, request, formValues(form.scope));
  sandbox.consents.set(account.name, request.clientId, scopes, now);
  const code = sandbox.authorizationCodes.issue(
    {
      accountName: account.name,
      clientId: request.clientId,
      redirectUri: request.redirectUri,
      scopes,
      state: request.state,
      ...(request.nonce ? { nonce: request.nonce } : {}),
      ...(request.codeChallenge ? { codeChallenge: request.codeChallenge } : {}),
      authTime: now,
    },
    account.region,
    now,
  );
  // Tesla's callback: code, state, locale and the RFC 9207 issuer under the name `issuer` (§1.2).
  return redirectWith(request.redirectUri, { code, state: request.state, locale: request.locale, issuer: sandbox.issuer.oidcIssuer });
};

export function addAuthorizeRoutes(router: Router<Handler>): void {
  router.add('GET', '/oauth2/v3/authorize', showConsent).add('POST', '/oauth2/v3/authorize', answerConsent);
}
