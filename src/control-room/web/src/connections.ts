import { CrAccountsDocument, CrConnectLinkDocument } from '../generated/graphql';
import type { Api } from './api';
import { fill, h, text } from './dom';
import { enumWords, time } from './format';

/** What a full DERMS connection is granted: read and command energy sites and vehicles. */
const WANTED_SCOPES = ['energy_device_data', 'energy_cmds', 'vehicle_device_data', 'vehicle_cmds', 'vehicle_charging_cmds'];

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
    const button = h('button', { type: 'button' }, 'Create a reconnect link');
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        const { data } = await api.query(CrConnectLinkDocument, { input: { scopes } });
        fill(out, h('a', { href: data.createConnectLink.authorizationUrl, target: '_blank', rel: 'noopener noreferrer' }, 'Send this link to the customer'), ` (expires ${time(data.createConnectLink.expiresAt)})`);
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
                  const missing = WANTED_SCOPES.filter((s) => !c.grantedScopes.includes(s));
                  const healthy = c.status === 'ACTIVE' && !missing.length;
                  return h(
                    'tr',
                    { class: c.status === 'ACTIVE' ? '' : 'stale' },
                    h('th', { scope: 'row' }, c.teslaUserId),
                    h('td', {}, c.region),
                    h('td', { class: c.status === 'ACTIVE' ? 'ok' : 'warn' }, enumWords(c.status)),
                    h('td', { class: missing.length ? 'warn' : 'ok' }, missing.length ? missing.join(', ') : 'none'),
                    h(
                      'td',
                      {},
                      healthy
                        ? 'nothing to do'
                        : [
                            c.status === 'ACTIVE'
                              ? 'The customer removes this app’s access in their Tesla account (or the Tesla app), then consents again with the link: '
                              : 'Tesla no longer accepts this account’s tokens: the customer consents again with the link: ',
                            linkButton(WANTED_SCOPES),
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
                    {},
                    h('th', { scope: 'row' }, v.displayName ?? '—'),
                    h('td', { class: 'mono' }, v.vin),
                    h('td', {}, enumWords(v.state)),
                    h('td', { class: v.keyPaired === false ? 'warn' : v.keyPaired ? 'ok' : '' }, v.keyPaired === null || v.keyPaired === undefined ? 'unknown' : v.keyPaired ? 'paired' : 'not paired'),
                    h('td', {}, v.commandProtocolRequired === null || v.commandProtocolRequired === undefined ? enumWords(v.commandSigning) : v.commandProtocolRequired ? 'required' : 'not needed'),
                    h('td', {}, v.keyPaired ? 'paired' : h('a', { href: v.pairingUrl, target: '_blank', rel: 'noopener noreferrer' }, 'Pairing link (open on the phone with the Tesla app)')),
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
