import { CrAccountsDocument, CrConnectLinkDocument } from '../generated/graphql';
import type { Api } from './api';
import { fill, h, text } from './dom';
import { enumWords, time } from './format';

/** Always asked for by createConnectLink: not worth repeating in a link's scopes. */
const ALWAYS_ASKED = new Set(['openid', 'offline_access']);

/** Tesla accounts with status, missing scopes and the remedy link; vehicles with key pairing and the pairing link. */
export function connectionsView(api: Api): { element: HTMLElement; stop: () => void } {
  const accounts = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  const vehicles = h('div');
  const element = h(
    'section',
    { 'aria-labelledby': 'connections-title' },
    h('h2', { id: 'connections-title' }, 'Tesla accounts'),
    accounts,
    h('h2', {}, 'Vehicles'),
    vehicles,
  );

  const linkButton = (scopes: string[]) => {
    const out = h('span', { class: 'hint' });
    const button = h('button', { type: 'button', 'data-testid': 'create-connect-link' }, 'Create a reconnect link');
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        const { data } = await api.query(CrConnectLinkDocument, { input: { scopes } });
        fill(
          out,
          h('a', { href: data.createConnectLink.authorizationUrl, target: '_blank', rel: 'noopener noreferrer', 'data-testid': 'connect-link' }, 'Send this link to the customer'),
          ` (asks for ${data.createConnectLink.scopes.filter((s) => !ALWAYS_ASKED.has(s)).join(', ')}; expires ${time(data.createConnectLink.expiresAt)})`,
        );
      } catch (error) {
        text(out, `No link: ${(error as Error).message}`);
        button.disabled = false;
      }
    });
    return h('span', {}, button, ' ', out);
  };

  const load = async () => {
    try {
      const { data } = await api.query(CrAccountsDocument);
      fill(
        accounts,
        data.teslaAccounts.length
          ? h(
              'table',
              { 'data-testid': 'accounts' },
              h('thead', {}, h('tr', {}, ['Account', 'Region', 'Status', 'Missing scopes', 'Remedy', 'Tokens refreshed'].map((c) => h('th', { scope: 'col' }, c)))),
              h(
                'tbody',
                {},
                data.teslaAccounts.map((c) => {
                  // The gateway says what this account's own devices need (energy-only accounts are not asked for vehicle scopes).
                  const missing = c.missingScopes;
                  const healthy = c.status === 'ACTIVE' && !missing.length;
                  // The link asks again for what was granted, plus what is missing.
                  const linkScopes = [...new Set([...c.grantedScopes, ...missing])].filter((s) => !ALWAYS_ASKED.has(s));
                  return h(
                    'tr',
                    { class: c.status === 'ACTIVE' ? '' : 'stale', 'data-account-id': c.id, 'data-tesla-user-id': c.teslaUserId },
                    h('th', { scope: 'row' }, c.teslaUserId),
                    h('td', {}, c.region),
                    h('td', { class: c.status === 'ACTIVE' ? 'ok' : 'warn' }, enumWords(c.status)),
                    h('td', { class: missing.length ? 'warn' : 'ok', 'data-col': 'missing-scopes' }, missing.length ? missing.join(', ') : 'none'),
                    h(
                      'td',
                      { 'data-col': 'remedy' },
                      healthy
                        ? 'nothing to do'
                        : [
                            c.status === 'ACTIVE'
                              ? 'The customer removes this app’s access in their Tesla account (or the Tesla app), then consents again with the link: '
                              : 'Tesla no longer accepts this account’s tokens: the customer consents again with the link: ',
                            linkButton(linkScopes),
                          ],
                    ),
                    h('td', {}, time(c.lastRefreshedAt)),
                  );
                }),
              ),
            )
          : h('p', { class: 'muted' }, 'No Tesla account connected yet.'),
      );
      const list = data.vehicles.edges.map((e) => e.node);
      fill(
        vehicles,
        list.length
          ? h(
              'table',
              { 'data-testid': 'vehicles' },
              h('thead', {}, h('tr', {}, ['Vehicle', 'VIN', 'State', 'Virtual key', 'Signed commands', 'Pairing'].map((c) => h('th', { scope: 'col' }, c)))),
              h(
                'tbody',
                {},
                list.map((v) =>
                  h(
                    'tr',
                    { 'data-vin': v.vin },
                    h('th', { scope: 'row' }, v.displayName ?? '—'),
                    h('td', { class: 'mono' }, v.vin),
                    h('td', {}, enumWords(v.state)),
                    h('td', { class: v.keyPaired === false ? 'warn' : v.keyPaired ? 'ok' : '' }, v.keyPaired === null || v.keyPaired === undefined ? 'unknown' : v.keyPaired ? 'paired' : 'not paired'),
                    h('td', {}, v.commandProtocolRequired === null || v.commandProtocolRequired === undefined ? enumWords(v.commandSigning) : v.commandProtocolRequired ? 'required' : 'not needed'),
                    h('td', { 'data-col': 'pairing' }, v.keyPaired ? 'paired' : h('a', { href: v.pairingUrl, target: '_blank', rel: 'noopener noreferrer' }, 'Pairing link (open on the phone with the Tesla app)')),
                  ),
                ),
              ),
            )
          : h('p', { class: 'muted' }, 'No vehicles.'),
      );
    } catch (error) {
      fill(accounts, h('p', { class: 'warn' }, `Accounts could not be loaded: ${(error as Error).message}`));
    }
  };
  void load();
  const timer = setInterval(() => void load(), 60_000);
  return { element, stop: () => clearInterval(timer) };
}
