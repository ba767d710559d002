import 'uplot/dist/uPlot.min.css';
import './style.css';
import { CrDispatchProgressDocument, CrSignInDocument } from '../generated/graphql';
import { ACTIVE_DISPATCHES_CHANGED, activeDispatches, dispatchOver, forgetAllDispatches, forgetDispatch } from './active-dispatches';
import { Api, ApiError } from './api';
import { connectionsView } from './connections';
import { coveredBy } from './covered';
import { dispatchPanel, type DispatchPanel } from './dispatch';
import { fill, h, text } from './dom';
import { fleetPanel } from './fleet';
import { enumWords, time } from './format';
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
const VIEWS: { view: View; label: string }[] = [
  { view: 'overview', label: 'Overview' },
  { view: 'programs', label: 'Programs' },
  { view: 'connections', label: 'Accounts & vehicles' },
];
/** While a dispatch sent from this tab may still be running, the toolbar checks now and then whether it has ended. */
const ACTIVE_DISPATCH_CHECK_MS = 30_000;

function start(apiKey: string): void {
  let stops: (() => void)[] = [];
  const stopAll = () => {
    for (const stop of stops) stop();
    stops = [];
  };
  // Everything this session listens to or observes outside its own elements goes when it ends.
  const session = new AbortController();
  const endSession = (message?: string) => {
    if (session.signal.aborted) return;
    session.abort();
    stopAll();
    headerObserver.disconnect();
    api.close();
    sessionStorage.removeItem(KEY_STORAGE);
    forgetAllDispatches();
    signIn(message);
  };
  const api = new Api(apiKey, () => endSession('The gateway no longer accepts this API key (revoked?). Sign in again.'));
  const main = h('main', { id: 'main', role: 'tabpanel' });
  // A tab list with roving focus: one Tab stop, arrows (Home, End) move between views and open them.
  const tabs = new Map<View, HTMLButtonElement>(VIEWS.map(({ view, label }) => [view, h('button', { type: 'button', role: 'tab', id: `tab-${view}`, 'aria-controls': 'main' }, label)]));
  const tabList = h('nav', { role: 'tablist', 'aria-label': 'Views' }, [...tabs.values()]);
  tabList.addEventListener('keydown', (event) => {
    const order = [...tabs.keys()];
    const current = order.findIndex((view) => tabs.get(view) === document.activeElement);
    if (current < 0) return;
    const next = { ArrowRight: current + 1, ArrowLeft: current - 1, Home: 0, End: order.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const view = order[(next + order.length) % order.length]!;
    tabs.get(view)!.focus();
    show(view);
  });
  const signOut = h('button', { type: 'button', class: 'quiet' }, 'Sign out');
  signOut.addEventListener('click', () => endSession());
  const header = h('header', { class: 'top' }, h('h1', {}, 'Control room'), tabList, h('span', { class: 'spacer' }), signOut);
  fill(app, header, main);
  // Sticky table heads and the overlaid side panel sit under the top bar, whatever its height on this screen.
  const headerObserver = new ResizeObserver(() => document.documentElement.style.setProperty('--top-h', `${header.offsetHeight}px`));
  headerObserver.observe(header);

  const show = (view: View) => {
    stopAll();
    for (const [name, tab] of tabs) {
      tab.setAttribute('aria-selected', String(name === view));
      tab.tabIndex = name === view ? 0 : -1;
    }
    main.setAttribute('aria-labelledby', `tab-${view}`);
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
    showOverview();
  };

  const showOverview = () => {
    const fleet = fleetPanel(api);
    const side = h('div', { class: 'side' });
    const covered = coveredBy(side, main);
    let closeSide: (() => void) | null = null;
    /** What Esc or the panel's Close does: close it and put the focus back where the panel was opened from. */
    let closeByUser: (() => void) | null = null;
    let dispatch: DispatchPanel | null = null;
    const closePanel = () => {
      closeSide?.();
      closeSide = null;
      closeByUser = null;
      dispatch = null;
      side.replaceChildren();
      side.hidden = true;
      covered.release();
    };
    side.hidden = true;
    const openPanel = (panel: { element: HTMLElement; stop: () => void }, onUserClose: () => void) => {
      closePanel();
      side.hidden = false;
      side.append(panel.element);
      closeSide = panel.stop;
      closeByUser = onUserClose;
      covered.update();
    };
    const table = sitesTable(api, (site) => {
      const focusRow = () => (document.querySelector(`tr[data-site-id="${CSS.escape(site.id)}"]`) as HTMLElement | null)?.focus();
      const detail = siteDetail(api, site.id, () => {
        closePanel();
        focusRow();
      });
      openPanel(detail, () => {
        closePanel();
        focusRow();
      });
    });
    const dispatchButton = h('button', { type: 'button', class: 'primary', disabled: true, 'data-testid': 'open-dispatch' }, 'Dispatch selected…');
    const clear = h('button', { type: 'button', disabled: true }, 'Clear selection');
    const activeBox = h('span', { class: 'active-dispatches' });
    const reopenButton = (id: string) => activeBox.querySelector<HTMLButtonElement>(`button[data-dispatch-id="${CSS.escape(id)}"]`);
    /** Back to where a dispatch panel was opened from, or the nearest thing still there. */
    const refocus = (preferred: () => HTMLElement | null) => {
      const target = [preferred(), dispatchButton, activeBox.querySelector('button'), table.element.querySelector<HTMLElement>('#site-filter')].find((el) => el && !(el as HTMLButtonElement).disabled);
      target?.focus();
    };
    const openDispatch = (reopenId: string | undefined, returnTo: () => HTMLElement | null) => {
      const close = () => {
        closePanel();
        refocus(returnTo);
      };
      const panel = dispatchPanel(api, () => table.selected, close, reopenId);
      openPanel(panel, close);
      dispatch = panel;
      panel.focus();
    };
    const renderActive = () =>
      fill(
        activeBox,
        activeDispatches().map((d) => {
          const button = h(
            'button',
            { type: 'button', 'data-testid': 'reopen-dispatch', 'data-dispatch-id': d.id, title: 'Its progress, live, and Cancel' },
            `Active dispatch: ${enumWords(d.mode)} until ${time(d.until)}…`,
          );
          button.addEventListener('click', () => openDispatch(d.id, () => reopenButton(d.id)));
          return button;
        }),
      );
    // Dispatches sent earlier (before a reload, or a panel closed while they run) that have since ended drop out.
    const checkActive = async () => {
      for (const d of activeDispatches()) {
        try {
          const { data } = await api.query(CrDispatchProgressDocument, { id: d.id });
          if (!data.dispatch || dispatchOver(data.dispatch.progress)) forgetDispatch(d.id);
        } catch {
          // Unreachable for now: asked again at the next check.
        }
      }
    };
    const view = new AbortController();
    addEventListener(ACTIVE_DISPATCHES_CHANGED, renderActive, { signal: view.signal });
    const activeChecker = setInterval(() => void checkActive(), ACTIVE_DISPATCH_CHECK_MS);
    renderActive();
    void checkActive();

    table.onSelectionChange(() => {
      dispatchButton.disabled = table.selected.size === 0;
      clear.disabled = table.selected.size === 0;
      dispatch?.selectionChanged();
    });
    clear.addEventListener('click', () => table.clearSelection());
    dispatchButton.addEventListener('click', () => openDispatch(undefined, () => dispatchButton));
    document.addEventListener(
      'keydown',
      (event) => {
        if (event.key !== 'Escape' || !closeByUser) return;
        event.preventDefault();
        closeByUser();
      },
      { signal: view.signal },
    );
    addEventListener('resize', () => covered.update(), { signal: view.signal });
    stops.push(fleet.stop, table.stop, closePanel, () => view.abort(), () => clearInterval(activeChecker));
    fill(main, fleet.element, h('div', { class: 'work' }, h('div', { class: 'primary-col' }, h('div', { class: 'actions' }, dispatchButton, clear, activeBox), table.element), side));
  };
  for (const [name, tab] of tabs) tab.addEventListener('click', () => show(name));
  show('overview');
}

const saved = sessionStorage.getItem(KEY_STORAGE);
if (saved) start(saved);
else signIn();
