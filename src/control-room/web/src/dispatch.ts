import {
  CrCancelDispatchDocument,
  CrCommandUpdatedDocument,
  CrDispatchBatteryDocument,
  CrDispatchDocument,
  CrSitesReadinessDocument,
  type CrCommandCoreFragment,
  type CrCommandFragment,
  type CrProgressFragment,
  type CrSitesReadinessQuery,
  type DispatchMode,
} from '../generated/graphql';
import { dispatchOver, forgetDispatch, rememberDispatch } from './active-dispatches';
import { ApiError, type Api } from './api';
import { fill, h, text } from './dom';
import { enumWords } from './format';

/** A selected site as the readiness check reads it (`nodes(ids:)` answers Sites here: the ids are Site ids). */
type ReadinessSite = Extract<NonNullable<CrSitesReadinessQuery['nodes'][number]>, { name: string }>;
const isReadinessSite = (node: CrSitesReadinessQuery['nodes'][number]): node is ReadinessSite => node !== null && 'name' in node;

const MODES: { mode: DispatchMode; label: string }[] = [
  { mode: 'DISCHARGE', label: 'Discharge (battery → home and grid)' },
  { mode: 'CHARGE', label: 'Charge (fill the battery)' },
  { mode: 'IDLE', label: 'Idle (hold the charge)' },
  { mode: 'SELF_CONSUMPTION', label: 'Self-consumption (run the home)' },
];
const ALWAYS_BLOCKING = new Set(['NO_BATTERY', 'MISSING_ENERGY_CMDS_SCOPE', 'ACCOUNT_NEEDS_REAUTH']);
/** Sites per readiness read: `nodes(ids:)` takes at most 100 ids. */
const READINESS_SITES_PER_READ = 100;

/** The blockers that stop this mode at this site, given enableGridInteraction. */
export function blockingFor(site: ReadinessSite, mode: DispatchMode, gridInteraction: boolean) {
  const blockers = site.gridReadiness?.blockers ?? [];
  const flow = mode === 'DISCHARGE' ? 'EXPORT' : mode === 'CHARGE' ? 'GRID_CHARGING' : null;
  return blockers.filter((b) => ALWAYS_BLOCKING.has(b.code) || (flow !== null && b.blocks.includes(flow) && !(gridInteraction && b.liftedByGridInteraction)));
}

function localInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export interface DispatchPanel {
  element: HTMLElement;
  stop: () => void;
  selectionChanged: () => void;
  /** Moves the keyboard focus into the panel (it has just opened). */
  focus: () => void;
}

/**
 * Select sites → dispatch: the readiness check first, then progress live from `commandUpdated`, and
 * cancel. With `reopenId`, the progress (and Cancel) of a dispatch sent earlier, read again by `dispatch(id)`.
 */
export function dispatchPanel(api: Api, selection: () => Map<string, { id: string; name: string }>, onDone: () => void, reopenId?: string): DispatchPanel {
  const modeSelect = h('select', { id: 'dispatch-mode' }, MODES.map((m) => h('option', { value: m.mode }, m.label)));
  const untilInput = h('input', { id: 'dispatch-until', type: 'datetime-local', value: localInput(new Date(Date.now() + 3600_000)), required: true });
  const gridBox = h('input', { id: 'dispatch-grid', type: 'checkbox', checked: true });
  const check = h('div', { class: 'readiness-check', 'data-testid': 'readiness-check' });
  const send = h('button', { type: 'submit', class: 'primary', disabled: true, 'data-testid': 'send-dispatch' }, 'Send dispatch');
  const formStatus = h('p', { class: 'status', role: 'status', 'data-testid': 'dispatch-form-status' }, '');
  const follow = h('div', { class: 'follow', 'data-testid': 'dispatch-follow' });
  const liveStatus = h('p', { class: 'status', role: 'status' }, '');
  const form = h(
    'form',
    { class: 'dispatch-form', method: 'post', action: '#' },
    h('div', { class: 'field' }, h('label', { for: 'dispatch-mode' }, 'Mode'), modeSelect),
    h('div', { class: 'field' }, h('label', { for: 'dispatch-until' }, 'Until (your local time; at most 24 h)'), untilInput),
    h('div', { class: 'field check' }, gridBox, h('label', { for: 'dispatch-grid' }, 'Enable grid interaction (allow export / grid charging for the dispatch; restored after)')),
    h('h3', {}, 'Readiness check'),
    check,
    h('div', { class: 'actions' }, send, h('button', { type: 'button', onclick: onDone }, 'Close')),
    formStatus,
  );
  const title = h('h2', { id: 'dispatch-title', tabindex: -1 }, 'Dispatch batteries');
  const element = h('aside', { class: 'dispatch', 'aria-labelledby': 'dispatch-title', 'data-testid': 'dispatch-panel' }, title, form, follow, liveStatus);

  let readiness: ReadinessSite[] = [];
  /** The selection `readiness` was read for (ids, in order), and the selected sites that no longer exist. */
  let checkedSelection = '';
  let gone: string[] = [];
  let checkSeq = 0;
  let stopFollow: (() => void) | null = null;
  let refresher: number | null = null;

  const renderCheck = () => {
    const mode = modeSelect.value as DispatchMode;
    const sites = [...selection().values()];
    if (!sites.length) {
      fill(check, h('p', { class: 'warn' }, 'Select sites in the table first (the checkbox on each row).'));
      send.disabled = true;
      return;
    }
    if (checkedSelection !== sites.map((s) => s.id).join()) return;
    const blocked = readiness.filter((s) => blockingFor(s, mode, gridBox.checked).length > 0);
    fill(
      check,
      h('p', { class: blocked.length ? 'warn' : 'ok', 'data-testid': 'readiness-summary' }, `${readiness.length - blocked.length} of ${readiness.length} sites ready for ${enumWords(mode)}`),
      gone.length ? h('p', { class: 'warn' }, `Left out, no longer in the fleet: ${gone.join(', ')}`) : null,
      h(
        'ul',
        { class: 'blockers' },
        readiness.map((site) => {
          const blocking = blockingFor(site, mode, gridBox.checked);
          const lifted = (site.gridReadiness?.blockers ?? []).filter((b) => !blocking.includes(b));
          return h(
            'li',
            { class: blocking.length ? 'warn' : 'ok' },
            h('strong', {}, site.name),
            blocking.length ? ': blocked — ' : ': ready',
            blocking.map((b) => h('div', { class: 'remedy' }, `${enumWords(b.code)}: ${b.message} Remedy: ${b.remediation}`)),
            lifted.length && !blocking.length ? h('span', { class: 'hint' }, ` (${lifted.map((b) => enumWords(b.code)).join(', ')} ${gridBox.checked ? 'lifted for the dispatch' : 'does not block this mode'})`) : null,
          );
        }),
      ),
    );
    send.disabled = blocked.length === readiness.length;
  };

  const runCheck = async () => {
    const seq = ++checkSeq;
    send.disabled = true;
    readiness = [];
    checkedSelection = '';
    const sites = [...selection().values()];
    fill(check, h('p', { class: 'muted' }, `Checking ${sites.length} sites…`));
    if (!sites.length) return renderCheck();
    try {
      const results: (ReadinessSite | null)[] = [];
      // `nodes(ids:)` reads up to 100 sites a request; a newer check (the selection changed) makes this one moot.
      for (let start = 0; start < sites.length && seq === checkSeq; start += READINESS_SITES_PER_READ) {
        const chunk = sites.slice(start, start + READINESS_SITES_PER_READ);
        const { data } = await api.query(CrSitesReadinessDocument, { ids: chunk.map((s) => s.id) });
        for (const node of data.nodes) results.push(isReadinessSite(node) ? node : null);
      }
      if (seq !== checkSeq) return;
      // A site removed since the page loaded answers null: it is named and left out.
      readiness = results.filter((site): site is ReadinessSite => site !== null && site !== undefined);
      gone = sites.filter((_, i) => !results[i]).map((s) => s.name);
      checkedSelection = sites.map((s) => s.id).join();
      renderCheck();
    } catch (error) {
      if (seq === checkSeq) fill(check, h('p', { class: 'warn' }, `Readiness could not be checked: ${(error as Error).message}`));
    }
  };
  modeSelect.addEventListener('change', renderCheck);
  gridBox.addEventListener('change', renderCheck);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void sendDispatch();
  });

  const sendDispatch = async () => {
    const until = new Date(untilInput.value);
    if (Number.isNaN(until.getTime())) return text(formStatus, 'Give a valid “until” time.');
    const mode = modeSelect.value as DispatchMode;
    const siteIds = readiness.filter((s) => blockingFor(s, mode, gridBox.checked).length === 0).map((s) => s.id);
    send.disabled = true;
    text(formStatus, 'Sending…');
    const listen = listenFirst();
    try {
      const { data, errors } = await api.query(CrDispatchBatteryDocument, {
        input: { siteIds, mode, until: until.toISOString(), enableGridInteraction: gridBox.checked, idempotencyKey: `control-room-${crypto.randomUUID()}` },
      });
      const dispatch = data.dispatchBattery.dispatch;
      // Refused (sites not ready): no dispatch, and the error on `dispatch` carries the blockers.
      if (!dispatch) throw errors[0] ?? new ApiError('The dispatch was refused', 'EXPORT_NOT_PERMITTED');
      text(formStatus, '');
      form.hidden = true;
      rememberDispatch({ id: dispatch.id, mode, until: dispatch.until });
      followDispatch(dispatch.id, mode, dispatch.progress, data.dispatchBattery.commands, listen, false);
      // The focused Send button has gone with the form: the keyboard carries on from the progress.
      follow.querySelector<HTMLElement>('h3')?.focus();
    } catch (error) {
      stopFollow?.();
      stopFollow = null;
      send.disabled = false;
      const e = error as ApiError;
      const blockers = (e.extensions?.['blockers'] as { siteId: string; code: string; message: string; remediation?: string }[] | undefined) ?? [];
      fill(
        formStatus,
        `The dispatch was refused: ${e.message}${e.code ? ` (${e.code})` : ''}`,
        blockers.length ? h('ul', {}, blockers.map((b) => h('li', {}, `${b.code}: ${b.message}${b.remediation ? ` Remedy: ${b.remediation}` : ''}`))) : null,
      );
    }
  };

  /** Subscribes before the write or read it follows, so no change in between is missed; hands the buffered ones over. */
  const listenFirst = () => {
    const buffered: CrCommandFragment[] = [];
    let onCommand: (command: CrCommandFragment) => void = (c) => buffered.push(c);
    stopFollow?.();
    stopFollow = api.subscribe(CrCommandUpdatedDocument, {}, (d) => onCommand(d.commandUpdated), (e) => text(liveStatus, `Live command updates lost: ${e.message}`));
    return (listener: (c: CrCommandFragment) => void) => {
      onCommand = listener;
      for (const c of buffered.splice(0)) listener(c);
    };
  };

  const reopen = async (dispatchId: string) => {
    form.hidden = true;
    fill(follow, h('p', { class: 'muted' }, 'Reading the dispatch…'));
    const listen = listenFirst();
    try {
      const { data, errors } = await api.query(CrDispatchDocument, { id: dispatchId });
      if (!data.dispatch) {
        // Gone (or never this organization's): nothing left to follow.
        forgetDispatch(dispatchId);
        throw errors[0] ?? new ApiError('The dispatch was not found', 'NOT_FOUND');
      }
      const commands = data.dispatch.commands.edges.map((e) => e.node);
      followDispatch(dispatchId, data.dispatch.mode, data.dispatch.progress, commands, listen, data.dispatch.cancelledAt !== null);
    } catch (error) {
      stopFollow?.();
      stopFollow = null;
      fill(follow, h('p', { class: 'warn' }, `The dispatch could not be read: ${(error as Error).message}`), h('div', { class: 'actions' }, h('button', { type: 'button', onclick: onDone }, 'Close')));
    }
  };

  const followDispatch = (
    dispatchId: string,
    mode: DispatchMode,
    initial: CrProgressFragment,
    commands: CrCommandCoreFragment[],
    listen: (listener: (c: CrCommandFragment) => void) => void,
    cancelledBefore: boolean,
  ) => {
    const byId = new Map<string, CrCommandCoreFragment>(commands.map((c) => [c.id, c]));
    let progress = initial;
    const summary = h('p', { class: 'progress', 'data-testid': 'dispatch-progress', role: 'status' });
    const tbody = h('tbody');
    const cancel = h('button', { type: 'button', class: 'danger', 'data-testid': 'cancel-dispatch' }, 'Cancel dispatch (restore now)');
    const cancelStatus = h('span', { class: 'hint', 'data-testid': 'cancel-status' });
    fill(
      follow,
      h('h3', { tabindex: -1 }, `${enumWords(mode)} dispatch`),
      summary,
      h('div', { class: 'actions' }, cancel, cancelStatus, h('button', { type: 'button', onclick: onDone }, 'Close')),
      h('table', { class: 'commands', 'data-testid': 'dispatch-commands' }, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Site'), h('th', { scope: 'col' }, 'Dispatch'), h('th', { scope: 'col' }, 'Restore'))), tbody),
    );
    const statusCell = (c: CrCommandCoreFragment | undefined) =>
      c ? h('td', { class: `cmd ${c.status.toLowerCase()}`, 'data-status': c.status }, enumWords(c.status), c.reason ? h('div', { class: 'reason' }, c.reason) : null) : h('td', { class: 'muted' }, '—');
    const render = () => {
      text(
        summary,
        `${progress.succeeded} of ${progress.total} succeeded · ${progress.failed} failed · ${progress.queued + progress.sent} in progress · ${progress.cancelled} cancelled · ${progress.restoresPending} restores pending`,
      );
      const sites = new Map<string, { name: string; dispatch?: CrCommandCoreFragment; restore?: CrCommandCoreFragment }>();
      for (const c of byId.values()) {
        if (c.target.__typename !== 'Site') continue;
        const entry = sites.get(c.target.id) ?? { name: c.target.name };
        if (c.kind === 'RESTORE_SITE') entry.restore = c;
        else entry.dispatch = c;
        sites.set(c.target.id, entry);
      }
      fill(
        tbody,
        [...sites.entries()]
          .sort((a, b) => a[1].name.localeCompare(b[1].name))
          .map(([id, s]) => h('tr', { 'data-site-id': id }, h('th', { scope: 'row' }, s.name), statusCell(s.dispatch), statusCell(s.restore))),
      );
      cancel.disabled = cancelled || progress.restoresPending === 0;
      renderCancelStatus();
      // Ended and restored: no longer offered for re-opening.
      if (dispatchOver(progress)) forgetDispatch(dispatchId);
    };
    const newer = (a: CrCommandCoreFragment, b: CrCommandCoreFragment | undefined) => !b || a.updatedAt >= b.updatedAt;
    let cancelled = cancelledBefore;
    /** After cancel: "restoring…" until every restore has settled, then what came of them. */
    const renderCancelStatus = () => {
      if (!cancelled) return;
      if (progress.restoresPending > 0) return text(cancelStatus, `Cancelled: restoring each site’s settings (${progress.restoresPending} to go)…`);
      const restores = [...byId.values()].filter((c) => c.kind === 'RESTORE_SITE');
      const notRestored = restores.filter((c) => c.status === 'FAILED' || c.status === 'EXPIRED').length;
      text(cancelStatus, notRestored ? `Cancelled: restores done, ${notRestored} of ${restores.length} failed (reasons below)` : 'Cancelled: every site’s settings are restored');
    };
    let refreshTimer: number | null = null;
    const refresh = () => {
      refreshTimer ??= window.setTimeout(async () => {
        refreshTimer = null;
        try {
          const { data } = await api.query(CrDispatchDocument, { id: dispatchId });
          if (!data.dispatch) return;
          progress = data.dispatch.progress;
          for (const edge of data.dispatch.commands.edges) if (newer(edge.node, byId.get(edge.node.id))) byId.set(edge.node.id, edge.node);
          render();
        } catch {
          // The live updates carry on; the next refresh tries again.
        }
      }, 300);
    };
    listen((c) => {
      if (c.dispatch?.id !== dispatchId) return;
      if (newer(c, byId.get(c.id))) byId.set(c.id, c);
      // Each change carries the dispatch's progress as of that change; the re-read below settles any reordering.
      progress = c.dispatch.progress;
      render();
      refresh();
    });
    cancel.addEventListener('click', async () => {
      cancel.disabled = true;
      text(cancelStatus, 'Cancelling…');
      try {
        const { data } = await api.query(CrCancelDispatchDocument, { input: { dispatchId } });
        progress = data.cancelDispatch.dispatch.progress;
        cancelled = true;
        render();
        refresh();
      } catch (error) {
        cancel.disabled = false;
        text(cancelStatus, `Cancel failed: ${(error as Error).message}`);
      }
    });
    render();
    refresh();
    // A fallback for a dropped socket: re-read the dispatch now and then.
    refresher = window.setInterval(refresh, 5000);
  };

  if (reopenId) void reopen(reopenId);
  else void runCheck();
  return {
    element,
    focus: () => (reopenId ? title : modeSelect).focus(),
    // A selection changed while the form is open is checked again (the check is what Send sends).
    selectionChanged: () => {
      if (!form.hidden) void runCheck();
    },
    stop: () => {
      stopFollow?.();
      if (refresher) clearInterval(refresher);
    },
  };
}
