import type { Handler } from './context.js';
import { errorPage, escapeHtml, htmlPage, httpUrl, redirect } from './html.js';
import type { Router } from './router.js';

/**
 * Tesla's page where owners withdraw an app's access:
 * `/user/revoke/consent?revoke_client_id=…&back_url=…` (tesla-fleet-api.md §2.5). The form posts
 * `account` (select), `revoke_client_id` and `back_url` (hidden) and `action=revoke` (the button).
 * Revoking removes the consent and stops every access and refresh token the account holds for
 * that client; the browser then goes back to `back_url`, or gets a confirmation page.
 */

const showRevokePage: Handler = (ctx) => {
  const { sandbox } = ctx;
  const query = ctx.url.searchParams;
  const clientId = query.get('revoke_client_id') ?? '';
  if (clientId !== sandbox.options.clientId) return errorPage(400, 'unauthorized_client', "We don't recognize this client_id");
  const backUrl = query.get('back_url') ?? '';
  if (backUrl !== '' && !httpUrl(backUrl)) return errorPage(400, 'invalid_request', 'back_url must be an absolute http(s) URL');

  const options = sandbox.world.accounts
    .map((a, i) => {
      const scopes = sandbox.consents.get(a.name, clientId)?.scopes.join(' ') || 'no access';
      return `<option value="${escapeHtml(a.name)}"${i === 0 ? ' selected' : ''}>${escapeHtml(`${a.name} (${a.email}): ${scopes}`)}</option>`;
    })
    .join('\n');
  return htmlPage(
    200,
    'Manage third-party app access (sandbox)',
    `<form method="post" action="/user/revoke/consent">
<input type="hidden" name="revoke_client_id" value="${escapeHtml(clientId)}">
<input type="hidden" name="back_url" value="${escapeHtml(backUrl)}">
<p><label>Account <select name="account">
${options}
</select></label></p>
<p><button type="submit" name="action" value="revoke">Revoke access for ${escapeHtml(clientId)}</button></p>
</form>`,
  );
};

const revoke: Handler = async (ctx) => {
  const { sandbox } = ctx;
  const form = await ctx.body();
  const clientId = typeof form.revoke_client_id === 'string' ? form.revoke_client_id : '';
  if (clientId !== sandbox.options.clientId) return errorPage(400, 'unauthorized_client', "We don't recognize this client_id");
  const account = typeof form.account === 'string' ? sandbox.world.account(form.account) : undefined;
  if (!account) return errorPage(400, 'invalid_request', 'Choose an account.');
  const backUrl = typeof form.back_url === 'string' && form.back_url !== '' ? httpUrl(form.back_url) : undefined;
  if (form.back_url && !backUrl) return errorPage(400, 'invalid_request', 'back_url must be an absolute http(s) URL');
  // Anything but the revoke button (e.g. a cancel link posting the form) changes nothing.
  if (form.action === 'revoke') sandbox.tokens.revokeConsent(account.name, clientId);
  if (backUrl) return redirect(backUrl.toString());
  const done = form.action === 'revoke' ? `Access for ${clientId} was revoked for ${account.name}.` : 'Nothing was changed.';
  return htmlPage(200, 'Manage third-party app access (sandbox)', `<p id="result">${escapeHtml(done)}</p>`);
};

export function addRevokeConsentRoutes(router: Router<Handler>): void {
  router.add('GET', '/user/revoke/consent', showRevokePage).add('POST', '/user/revoke/consent', revoke);
}
