import 'uplot/dist/uPlot.min.css';
import './style.css';
import { CrSignInDocument } from '../generated/graphql';
import { Api, ApiError } from './api';
import { connectionsView } from './connections';
import { dispatchPanel } from './dispatch';
import { fill, h, text } from './dom';
import { fleetPanel } from './fleet';
import { programsView } from './programs';
import { siteDetail } from './site-detail';
import { sitesTable } from './sites';

/** The API key lives in this tab's sessionStorage only: never in the URL, gone when the tab closes. */
const KEY_STORAGE = 'derms-control-room.apiKey';
const app = document.getElementById('app')!;

function signIn(message?: string): void {
  const input = h('input', { id: 'api-key', name: 'api-key', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true, 'aria-describedby': 'sign-in-error' });
  const error = h('p', { id: 'sign-in-error', class: 'warn', role: 'alert', 'data-testid': 'sign-in-error' }, message ?? '');
  const button = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h(
    'form',
    { class: 'sign-in card', method: 'post', action: '#' },
    h('h1', {}, 'Control room'),
    h('p', { class: 'muted' }, 'Live view of your fleet through the gateway’s GraphQL API.'),
    h('label', { for: 'api-key' }, 'API key'),
    input,
    button,
    error,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) return text(error, 'Enter an API key.');
    button.disabled = true;
    text(error, '');
    try {
      const api = new Api(key, () => undefined);
      await api.query(CrSignInDocument);
      api.close();
      sessionStorage.setItem(KEY_STORAGE, key);
      start(key);
    } catch (e) {
      const apiError = e as ApiError;
      text(error, apiError.code === 'UNAUTHENTICATED' ? 'That API key was not accepted. Check it (keys start with dgw_) and try again.' : `Could not sign in: ${apiError.message}`);
      button.disabled = false;
      input.focus();
    }
  });
  fill(app, h('main', { class: 'center' }, form));
  input.focus();
}

type View = 'overview' | 'programs' | 'connections';

function start(apiKey: string): void {
  let stops: (() => void)[] = [];
  const stopAll = () => {
    for (const stop of stops) stop();
    stops = [];
  };
  const api = new Api(apiKey, () => {
    stopAll();
    api.close();
    sessionStorage.removeItem(KEY_STORAGE);
    signIn('The gateway no longer accepts this API key (revoked?). Sign in again.');
  });
  const main = h('main', { id: 'main' });
  const tabs: Record<View, HTMLButtonElement> = {
    overview: h('button', { type: 'button', role: 'tab' }, 'Overview'),
    programs: h('button', { type: 'button', role: 'tab' }, 'Programs'),
    connections: h('button', { type: 'button', role: 'tab' }, 'Accounts & vehicles'),
  };
  const signOut = h('button', { type: 'button', class: 'quiet' }, 'Sign out');
  signOut.addEventListener('click', () => {
    stopAll();
    api.close();
    sessionStorage.removeItem(KEY_STORAGE);
    signIn();
  });
  const header = h('header', { class: 'top' }, h('h1', {}, 'Control room'), h('nav', { role: 'tablist', 'aria-label': 'Views' }, Object.values(tabs)), h('span', { class: 'spacer' }), signOut);
  fill(app, header, main);
  // Sticky table heads and the overlaid side panel sit under the top bar, whatever its height on this screen.
  new ResizeObserver(() => document.documentElement.style.setProperty('--top-h', `${header.offsetHeight}px`)).observe(header);

  const show = (view: View) => {
    stopAll();
    for (const [name, tab] of Object.entries(tabs)) tab.setAttribute('aria-selected', String(name === view));
    if (view === 'programs') {
      const v = programsView(api);
      stops.push(v.stop);
      return fill(main, v.element);
    }
    if (view === 'connections') {
      const v = connectionsView(api);
      stops.push(v.stop);
      return fill(main, v.element);
    }
    const fleet = fleetPanel(api);
    const side = h('div', { class: 'side' });
    let closeSide: (() => void) | null = null;
    let dispatch: ReturnType<typeof dispatchPanel> | null = null;
    const closePanel = () => {
      closeSide?.();
      closeSide = null;
      dispatch = null;
      side.replaceChildren();
      side.hidden = true;
    };
    side.hidden = true;
    const openPanel = (panel: { element: HTMLElement; stop: () => void }) => {
      closePanel();
      side.hidden = false;
      side.append(panel.element);
      closeSide = panel.stop;
    };
    const table = sitesTable(api, (site) => {
      const detail = siteDetail(api, site.id, () => {
        closePanel();
        (document.querySelector(`tr[data-site-id="${CSS.escape(site.id)}"]`) as HTMLElement | null)?.focus();
      });
      openPanel(detail);
    });
    const dispatchButton = h('button', { type: 'button', class: 'primary', disabled: true, 'data-testid': 'open-dispatch' }, 'Dispatch selected…');
    const clear = h('button', { type: 'button', disabled: true }, 'Clear selection');
    table.onSelectionChange(() => {
      dispatchButton.disabled = table.selected.size === 0;
      clear.disabled = table.selected.size === 0;
      dispatch?.selectionChanged();
    });
    clear.addEventListener('click', () => table.clearSelection());
    dispatchButton.addEventListener('click', () => {
      const panel = dispatchPanel(api, () => table.selected, closePanel);
      openPanel(panel);
      dispatch = panel;
    });
    stops.push(fleet.stop, table.stop, closePanel);
    fill(main, fleet.element, h('div', { class: 'work' }, h('div', { class: 'primary-col' }, h('div', { class: 'actions' }, dispatchButton, clear), table.element), side));
  };
  for (const [name, tab] of Object.entries(tabs)) tab.addEventListener('click', () => show(name as View));
  addEventListener('keydown', (event) => {
    if (event.key === 'Escape') (document.querySelector('.side .close, .side .dispatch-form button[type=button]') as HTMLButtonElement | null)?.click();
  });
  show('overview');
}

const saved = sessionStorage.getItem(KEY_STORAGE);
if (saved) start(saved);
else signIn();
