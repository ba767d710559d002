import type { Account } from '../fleet/account.js';
import type { AuthorizeRequest } from '../oauth/authorize-requests.js';
import { escapeHtml, htmlPage } from './html.js';
import type { Reply } from './replies.js';

/**
 * Tesla's sign-in + consent screen, reduced to one form. The contract tests and scripts rely on:
 * POST /oauth2/v3/authorize (x-www-form-urlencoded) with `request_id` (hidden), `account` (select
 * of account names), `scope` (one checkbox per requested scope, repeated field) and `decision`
 * (`allow` | `deny`, the two submit buttons).
 */

export function consentPage(requestId: string, request: AuthorizeRequest, accounts: readonly Account[]): Reply {
  const options = accounts
    .map((a, i) => `<option value="${escapeHtml(a.name)}"${i === 0 ? ' selected' : ''}>${escapeHtml(`${a.name} (${a.email}, ${a.region})`)}</option>`)
    .join('\n');
  // Disabled checkboxes are not submitted; the server grants all of them when they are required.
  const locked = request.requireRequestedScopes ? ' disabled' : '';
  const scopes = request.scopes
    .map((s) => `<li><label><input type="checkbox" name="scope" value="${escapeHtml(s)}" checked${locked}> ${escapeHtml(s)}</label></li>`)
    .join('\n');
  const reuseNote = request.promptMissingScopes
    ? ''
    : '<p>If this account already allowed this app, that earlier choice is kept and the boxes below are ignored.</p>\n';
  return htmlPage(
    200,
    'Sign in with Tesla (sandbox)',
    `<p><strong>${escapeHtml(request.clientId)}</strong> asks for access to your Tesla account.</p>
<form method="post" action="/oauth2/v3/authorize">
<input type="hidden" name="request_id" value="${escapeHtml(requestId)}">
<p><label>Account <select name="account">
${options}
</select></label></p>
${reuseNote}<fieldset><legend>Permissions</legend>
<ul>
${scopes}
</ul>
</fieldset>
<p><button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button></p>
</form>`,
  );
}
