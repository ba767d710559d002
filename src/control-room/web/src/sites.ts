import { CrSitesPageDocument, CrSiteTelemetryDocument, type CrSitesPageQuery, type CrSiteTelemetrySubscription, type SiteOrder } from '../generated/graphql';
import type { Api } from './api';
import { fill, h, text } from './dom';
import { age, batteryWords, enumWords, percent } from './format';

export type SiteRow = CrSitesPageQuery['sites']['edges'][number]['node'];
type Sample = CrSiteTelemetrySubscription['siteTelemetry'];

const PAGE_SIZE = 25;
/** Reserve, mode, export rule and readiness come from site_info (cached by the gateway): re-read a page this often. */
const SETTINGS_REFRESH_S = 60;
const MIN_SETTINGS_REFRESH_S = 2;

/** `?refreshSeconds=N` in the console's URL re-reads the page's settings every N seconds (at least 2) instead of every 60. */
export function settingsRefreshMs(search = location.search): number {
  const asked = Number(new URLSearchParams(search).get('refreshSeconds'));
  return (Number.isFinite(asked) && asked > 0 ? Math.max(MIN_SETTINGS_REFRESH_S, asked) : SETTINGS_REFRESH_S) * 1000;
}

type SortKey = 'name' | 'battery' | 'soc' | 'reserve' | 'mode' | 'exportRule' | 'blockers' | 'age';
/** Sorts the API does over the whole list (`sites(orderBy:)`); the others sort the page on screen. */
const SERVER_SORTED: ReadonlySet<SortKey> = new Set<SortKey>(['name', 'battery', 'soc', 'age']);
const COLUMNS: { key: SortKey; label: string; num?: boolean }[] = [
  { key: 'name', label: 'Site' },
  { key: 'battery', label: 'Battery', num: true },
  { key: 'soc', label: 'Charge', num: true },
  { key: 'reserve', label: 'Reserve', num: true },
  { key: 'mode', label: 'Mode' },
  { key: 'exportRule', label: 'Export rule' },
  { key: 'blockers', label: 'Readiness' },
  { key: 'age', label: 'Sample age' },
];

interface RowState {
  site: SiteRow;
  sample: Sample | null;
  receivedAt: number;
  /** Seconds between this row's last two samples: the poll interval as seen from here. */
  intervalS: number | null;
  tr: HTMLTableRowElement | null;
}

export interface SitesTable {
  element: HTMLElement;
  selected: Map<string, SiteRow>;
  onSelectionChange: (listener: () => void) => void;
  /** The latest sample of a site on screen, if any. */
  sampleOf: (siteId: string) => Sample | null;
  clearSelection: () => void;
  stop: () => void;
}

/** Why a row is stale, or null when it is live. */
function staleReason(row: RowState): string | null {
  if (!row.sample) return null;
  if (row.sample.stale) return `last poll failed: ${row.sample.error ?? 'no reason given'}`;
  const ageS = currentAge(row);
  const limit = Math.max(20, 3 * (row.intervalS ?? 30));
  return ageS > limit ? `no sample for ${age(ageS)}` : null;
}

function currentAge(row: RowState): number {
  return (row.sample?.ageSeconds ?? 0) + (Date.now() - row.receivedAt) / 1000;
}

function relevantBlockers(site: SiteRow): string {
  const blockers = site.gridReadiness?.blockers ?? [];
  if (!site.gridReadiness) return 'unknown';
  if (!blockers.length) return 'ready';
  return blockers.map((b) => enumWords(b.code)).join(', ');
}

/** The sites table: sortable, filterable, paged; only the rows on screen subscribe to `siteTelemetry`. */
export function sitesTable(api: Api, openSite: (site: SiteRow) => void): SitesTable {
  const rows = new Map<string, RowState>();
  const selected = new Map<string, SiteRow>();
  const listeners: (() => void)[] = [];
  let sortKey: SortKey = 'name';
  let sortDir: 1 | -1 = 1;
  let filter = '';
  let batteryOnly = true;
  /** `after` cursors of the pages before this one (forward paging only: the cursor of page n is the end of page n − 1). */
  let cursors: (string | null)[] = [null];
  let pageInfo: CrSitesPageQuery['sites']['pageInfo'] | null = null;
  let totalCount = 0;
  let stopTelemetry: (() => void) | null = null;
  let loadSeq = 0;

  const status = h('p', { class: 'status', role: 'status', 'data-testid': 'sites-status' }, 'Loading sites…');
  const filterInput = h('input', { id: 'site-filter', type: 'search', placeholder: 'part of a name', autocomplete: 'off' });
  const batteryToggle = h('input', { id: 'battery-only', type: 'checkbox', checked: true });
  const count = h('span', { class: 'hint', 'data-testid': 'sites-count' }, '');
  const prev = h('button', { type: 'button', disabled: true }, '← Previous');
  const next = h('button', { type: 'button', disabled: true }, 'Next →');
  const selectionNote = h('span', { class: 'hint', 'data-testid': 'selection-count' }, 'No site selected');
  const thead = h('thead');
  const tbody = h('tbody');
  const table = h('table', { class: 'sites', 'data-testid': 'sites-table' }, h('caption', { class: 'visually-hidden' }, 'Sites, live; select rows to dispatch, open a row for its details'), thead, tbody);

  const element = h(
    'section',
    { class: 'sites-panel', 'aria-labelledby': 'sites-title' },
    h('h2', { id: 'sites-title' }, 'Sites'),
    h(
      'div',
      { class: 'toolbar' },
      h('label', { for: 'site-filter' }, 'Filter by name'),
      filterInput,
      h('label', { class: 'check' }, batteryToggle, ' With a battery only'),
      count,
      h('span', { class: 'spacer' }),
      selectionNote,
      prev,
      next,
    ),
    status,
    h('div', { class: 'table-wrap' }, table),
  );

  /**
   * The API's order for the sort: name, battery power, charge and sample age order the whole list
   * (`sites(orderBy:)`, from the latest samples); the settings columns sort the rows of a page in name order.
   */
  const serverOrder = (): SiteOrder => {
    const direction = sortDir === 1 ? 'ASC' : 'DESC';
    switch (sortKey) {
      case 'name':
        return { field: 'NAME', direction };
      case 'battery':
        return { field: 'BATTERY_POWER', direction };
      case 'soc':
        return { field: 'STATE_OF_CHARGE', direction };
      case 'age':
        // Youngest sample first is the latest sampledAt first.
        return { field: 'SAMPLED_AT', direction: sortDir === 1 ? 'DESC' : 'ASC' };
      default:
        return { field: 'NAME', direction: 'ASC' };
    }
  };
  let loadedOrder = '';

  const notify = () => {
    text(selectionNote, selected.size ? `${selected.size} selected` : 'No site selected');
    for (const listener of listeners) listener();
  };

  // The head is built once and updated in place: a sort button keeps the keyboard focus it was pressed with.
  const sortButtons = COLUMNS.map((c) => {
    const button = h('button', {
      type: 'button',
      class: 'sort',
      'data-sort': c.key,
      // The API orders the whole list by name and by the live figures; the settings columns sort a page only, and say so.
      title: SERVER_SORTED.has(c.key) ? `Sort every site by ${c.label.toLowerCase()}` : `Sort the rows on this page by ${c.label.toLowerCase()} (pages follow the name order)`,
      onclick: () => {
        if (sortKey === c.key) sortDir = sortDir === 1 ? -1 : 1;
        else {
          sortKey = c.key;
          sortDir = 1;
        }
        renderHead();
        // Another order of the whole list starts again at its first page.
        if (JSON.stringify(serverOrder()) !== loadedOrder) {
          cursors = [null];
          void load(true); // sites still on screen keep their readings
        } else renderBody();
      },
    });
    const th = h('th', { scope: 'col', class: c.num ? 'num' : null }, button);
    return { column: c, th, button };
  });
  fill(thead, h('tr', {}, h('th', { scope: 'col', class: 'select' }, h('span', { class: 'visually-hidden' }, 'Select')), sortButtons.map((s) => s.th)));

  const renderHead = () => {
    for (const { column: c, th, button } of sortButtons) {
      th.setAttribute('aria-sort', c.key === sortKey ? (sortDir === 1 ? 'ascending' : 'descending') : 'none');
      fill(
        button,
        c.label,
        c.key === sortKey ? (sortDir === 1 ? ' ▲' : ' ▼') : '',
        c.key === sortKey && pageLocalSort() ? h('span', { class: 'sort-scope', 'data-testid': 'sort-scope' }, ' this page') : null,
      );
    }
  };

  /** The settings columns sort the 25 rows on screen, not the list. */
  const pageLocalSort = () => !SERVER_SORTED.has(sortKey);

  /**
   * A row's value for the sort within the page (null: none, always last, as the API puts them). The
   * API decides which sites a page holds; the rows on it follow their live values as samples arrive.
   */
  const sortValue = (row: RowState): string | number | null => {
    const live = row.sample?.liveStatus;
    switch (sortKey) {
      case 'name':
        return null; // the API's order (the database's collation) stands
      case 'battery':
        return live?.batteryPowerW ?? null;
      case 'soc':
        return live?.percentageCharged ?? null;
      case 'age':
        return row.sample ? currentAge(row) : null;
      case 'reserve':
        return row.site.settings?.backupReservePercent ?? null;
      case 'mode':
        return row.site.settings?.operationMode ?? '';
      case 'exportRule':
        return row.site.settings?.exportRule ?? '';
      case 'blockers':
        return row.site.gridReadiness?.blockers.length ?? null;
    }
  };

  const updateRow = (row: RowState) => {
    const tr = row.tr;
    if (!tr) return;
    const live = row.sample?.liveStatus;
    const reason = staleReason(row);
    tr.classList.toggle('stale', reason !== null);
    tr.dataset['stale'] = reason === null ? 'false' : 'true';
    const cells = tr.cells;
    text(cells[2]!, live ? batteryWords(live.batteryPowerW) : row.sample ? '—' : 'waiting…');
    text(cells[3]!, percent(live?.percentageCharged));
    const ageCell = cells[8]!;
    text(ageCell, reason ?? (row.sample ? age(currentAge(row)) : 'waiting…'));
    ageCell.title = reason ?? '';
  };

  /** The site whose row (or its select box) has the keyboard focus, so a re-render can give it back. */
  const focusedInBody = (): { siteId: string; on: 'row' | 'checkbox' } | null => {
    const active = document.activeElement;
    if (!(active instanceof HTMLElement) || !tbody.contains(active)) return null;
    const siteId = active.closest('tr')?.dataset['siteId'];
    if (!siteId) return null;
    return { siteId, on: active instanceof HTMLInputElement ? 'checkbox' : 'row' };
  };

  const renderBody = () => {
    // Rows are rebuilt (sorting, the settings re-read, a new page): the focus stays on the same site's row or box.
    const focused = focusedInBody();
    // Rows come in the API's order (a stable sort keeps it for equal values).
    const list = [...rows.values()].sort((a, b) => {
      const x = sortValue(a);
      const y = sortValue(b);
      if (x === y) return 0;
      if (x === null) return 1;
      if (y === null) return -1;
      return (x < y ? -1 : 1) * sortDir;
    });
    fill(
      tbody,
      list.map((row, rowIndex) => {
        const site = row.site;
        const remedies = (site.gridReadiness?.blockers ?? []).map((b) => `${enumWords(b.code)}: ${b.message} Remedy: ${b.remediation}`).join(' ');
        const remediesId = `remedies-${rowIndex}`;
        const checkbox = h('input', {
          type: 'checkbox',
          'aria-label': `Select ${site.name}`,
          'data-testid': 'select-site',
          checked: selected.has(site.id),
          disabled: !site.components.battery,
          onchange: (event: Event) => {
            if ((event.target as HTMLInputElement).checked) selected.set(site.id, site);
            else selected.delete(site.id);
            notify();
          },
        });
        const tr = h(
          'tr',
          {
            tabindex: 0,
            'data-site-id': site.id,
            'aria-label': `${site.name}: press Enter for details`,
            'aria-describedby': remedies ? remediesId : null,
            onclick: (event: Event) => {
              if ((event.target as HTMLElement).closest('input,button,a,label')) return;
              openSite(site);
            },
            onkeydown: (event: Event) => {
              const key = (event as KeyboardEvent).key;
              if ((event.target as HTMLElement) !== tr) return;
              if (key === 'Enter') openSite(site);
              if (key === ' ') {
                event.preventDefault();
                checkbox.click();
              }
            },
          },
          h('td', { class: 'select' }, checkbox),
          h('th', { scope: 'row', class: 'name' }, site.name),
          h('td', { 'data-col': 'battery', class: 'num' }),
          h('td', { 'data-col': 'soc', class: 'num' }),
          h('td', { class: 'num' }, percent(site.settings?.backupReservePercent)),
          h('td', {}, enumWords(site.settings?.operationMode)),
          h('td', {}, enumWords(site.settings?.exportRule)),
          // One line (ellipsis). Every blocker's remedy is in the title for the mouse, and in hidden
          // text that describes the row for a screen reader; the site detail lists them for everyone.
          h(
            'td',
            {
              class: `readiness ${remedies ? 'warn' : 'ok'}`,
              title: [relevantBlockers(site), ...(site.gridReadiness?.blockers ?? []).map((b) => `${b.message} — ${b.remediation}`)].join('\n'),
            },
            relevantBlockers(site),
            remedies ? h('span', { id: remediesId, class: 'visually-hidden' }, remedies) : null,
          ),
          h('td', { 'data-col': 'age' }),
        );
        row.tr = tr;
        updateRow(row);
        return tr;
      }),
    );
    if (focused) {
      const tr = rows.get(focused.siteId)?.tr;
      const target = focused.on === 'checkbox' ? tr?.querySelector('input') : tr;
      target?.focus({ preventScroll: true });
    }
  };

  const subscribeRows = () => {
    stopTelemetry?.();
    stopTelemetry = null;
    const ids = [...rows.keys()];
    if (!ids.length) return;
    stopTelemetry = api.subscribe(
      CrSiteTelemetryDocument,
      { siteIds: ids },
      (data) => {
        const sample = data.siteTelemetry;
        const row = rows.get(sample.site.id);
        if (!row) return;
        if (row.sample && sample.sampledAt !== row.sample.sampledAt) {
          const gap = (Date.parse(sample.sampledAt) - Date.parse(row.sample.sampledAt)) / 1000;
          if (gap > 0) row.intervalS = row.intervalS === null ? gap : Math.min(row.intervalS * 1.5, gap);
        }
        row.sample = sample;
        row.receivedAt = Date.now();
        if (sortKey === 'battery' || sortKey === 'soc' || sortKey === 'age') scheduleResort();
        else updateRow(row);
      },
      (error) => {
        status.hidden = false;
        text(status, `Live site telemetry unavailable: ${error.message}${error.code ? ` (${error.code})` : ''}`);
      },
    );
  };

  let resortTimer: number | null = null;
  const scheduleResort = () => {
    resortTimer ??= window.setTimeout(() => {
      resortTimer = null;
      // Re-sorting moves rows under the keyboard focus: renderBody keeps it on the same site.
      renderBody();
    }, 1000);
  };

  const load = async (keepSamples = false) => {
    const seq = ++loadSeq;
    const orderBy = serverOrder();
    const variables = {
      first: PAGE_SIZE,
      after: cursors[cursors.length - 1] ?? null,
      filter: { ...(filter ? { nameContains: filter } : {}), ...(batteryOnly ? { hasBattery: true } : {}) },
      orderBy,
    };
    try {
      const { data, errors } = await api.query(CrSitesPageDocument, variables);
      if (seq !== loadSeq) return;
      loadedOrder = JSON.stringify(orderBy);
      const previous = keepSamples ? rows : new Map<string, RowState>();
      const oldIds = [...rows.keys()].join();
      rows.clear();
      for (const edge of data.sites.edges) {
        const kept = previous.get(edge.node.id);
        rows.set(edge.node.id, { site: edge.node, sample: kept?.sample ?? null, receivedAt: kept?.receivedAt ?? 0, intervalS: kept?.intervalS ?? null, tr: null });
      }
      // Selected sites stay selected across pages and filters; those on screen get their fresh settings.
      for (const id of selected.keys()) {
        const fresh = rows.get(id)?.site;
        if (fresh) selected.set(id, fresh);
      }
      pageInfo = data.sites.pageInfo;
      totalCount = data.sites.totalCount;
      prev.disabled = cursors.length <= 1;
      next.disabled = !pageInfo.hasNextPage;
      const first = (cursors.length - 1) * PAGE_SIZE;
      text(count, totalCount ? `${first + 1}–${first + rows.size} of ${totalCount} sites` : 'no sites match');
      status.hidden = errors.length === 0;
      text(status, errors.length ? `Some figures could not be read from Tesla: ${errors[0]!.message}` : '');
      renderBody();
      if ([...rows.keys()].join() !== oldIds) subscribeRows();
    } catch (error) {
      if (seq !== loadSeq) return;
      status.hidden = false;
      text(status, `Sites could not be loaded: ${(error as Error).message}`);
    }
  };

  let filterTimer: number | null = null;
  filterInput.addEventListener('input', () => {
    if (filterTimer) clearTimeout(filterTimer);
    filterTimer = window.setTimeout(() => {
      filter = filterInput.value.trim();
      cursors = [null];
      void load();
    }, 250);
  });
  batteryToggle.addEventListener('change', () => {
    batteryOnly = batteryToggle.checked;
    cursors = [null];
    void load();
  });
  next.addEventListener('click', () => {
    if (!pageInfo?.hasNextPage || !pageInfo.endCursor) return;
    cursors.push(pageInfo.endCursor);
    void load();
  });
  prev.addEventListener('click', () => {
    if (cursors.length <= 1) return;
    cursors.pop();
    void load();
  });

  renderHead();
  void load();
  const ticker = setInterval(() => {
    for (const row of rows.values()) updateRow(row);
  }, 1000);
  const refresher = setInterval(() => void load(true), settingsRefreshMs());

  return {
    element,
    selected,
    onSelectionChange: (listener) => listeners.push(listener),
    sampleOf: (siteId) => rows.get(siteId)?.sample ?? null,
    clearSelection: () => {
      selected.clear();
      renderBody();
      notify();
    },
    stop: () => {
      clearInterval(ticker);
      clearInterval(refresher);
      stopTelemetry?.();
    },
  };
}
