import { CrSitesPageDocument, CrSiteTelemetryDocument, type CrSitesPageQuery, type CrSiteTelemetrySubscription } from '../generated/graphql';
import type { Api } from './api';
import { fill, h, text } from './dom';
import { age, batteryWords, enumWords, percent } from './format';

export type SiteRow = CrSitesPageQuery['sites']['edges'][number]['node'];
type Sample = CrSiteTelemetrySubscription['siteTelemetry'];

const PAGE_SIZE = 25;
/** Reserve, mode, export rule and readiness come from site_info (cached by the gateway): re-read a page this often. */
const SETTINGS_REFRESH_MS = 60_000;

type SortKey = 'name' | 'battery' | 'soc' | 'reserve' | 'mode' | 'exportRule' | 'blockers' | 'age';
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

  const notify = () => {
    text(selectionNote, selected.size ? `${selected.size} selected` : 'No site selected');
    for (const listener of listeners) listener();
  };

  const renderHead = () => {
    fill(
      thead,
      h(
        'tr',
        {},
        h('th', { scope: 'col', class: 'select' }, h('span', { class: 'visually-hidden' }, 'Select')),
        COLUMNS.map((c) =>
          h(
            'th',
            { scope: 'col', class: c.num ? 'num' : null, 'aria-sort': c.key === sortKey ? (sortDir === 1 ? 'ascending' : 'descending') : 'none' },
            h(
              'button',
              {
                type: 'button',
                class: 'sort',
                'data-sort': c.key,
                // The API pages sites by name: any other order is of the rows on this page only, and says so.
                title: c.key === 'name' ? 'Sort by name (ascending is the order of the whole list)' : `Sort the rows on this page by ${c.label.toLowerCase()} (pages follow the name order)`,
                onclick: () => {
                  if (sortKey === c.key) sortDir = sortDir === 1 ? -1 : 1;
                  else {
                    sortKey = c.key;
                    sortDir = 1;
                  }
                  renderHead();
                  renderBody();
                },
              },
              c.label,
              c.key === sortKey ? (sortDir === 1 ? ' ▲' : ' ▼') : '',
              c.key === sortKey && pageLocalSort() ? h('span', { class: 'sort-scope', 'data-testid': 'sort-scope' }, ' this page') : null,
            ),
          ),
        ),
      ),
    );
  };

  /** Every order but ascending names (the API's own) sorts the 25 rows on screen, not the list. */
  const pageLocalSort = () => !(sortKey === 'name' && sortDir === 1);

  const sortValue = (row: RowState): string | number => {
    const live = row.sample?.liveStatus;
    switch (sortKey) {
      case 'name':
        return row.site.name.toLowerCase();
      case 'battery':
        return live?.batteryPowerW ?? -Infinity;
      case 'soc':
        return live?.percentageCharged ?? -Infinity;
      case 'reserve':
        return row.site.settings?.backupReservePercent ?? -Infinity;
      case 'mode':
        return row.site.settings?.operationMode ?? '';
      case 'exportRule':
        return row.site.settings?.exportRule ?? '';
      case 'blockers':
        return row.site.gridReadiness?.blockers.length ?? 99;
      case 'age':
        return row.sample ? currentAge(row) : Infinity;
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

  const renderBody = () => {
    const list = [...rows.values()].sort((a, b) => {
      const x = sortValue(a);
      const y = sortValue(b);
      return (x < y ? -1 : x > y ? 1 : 0) * sortDir || a.site.name.localeCompare(b.site.name);
    });
    fill(
      tbody,
      list.map((row) => {
        const site = row.site;
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
          // One line (ellipsis); the title has every blocker with its remedy, and the site detail lists them.
          h(
            'td',
            {
              class: `readiness ${site.gridReadiness?.blockers.length ? 'warn' : 'ok'}`,
              title: [relevantBlockers(site), ...(site.gridReadiness?.blockers ?? []).map((b) => `${b.message} — ${b.remediation}`)].join('\n'),
            },
            relevantBlockers(site),
          ),
          h('td', { 'data-col': 'age' }),
        );
        row.tr = tr;
        updateRow(row);
        return tr;
      }),
    );
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
        if (sortKey === 'battery' || sortKey === 'soc') scheduleResort();
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
      // Re-sorting moves rows under the keyboard focus: keep it on the same site.
      const focused = (document.activeElement as HTMLElement | null)?.closest('tr')?.dataset['siteId'];
      renderBody();
      if (focused) (tbody.querySelector(`tr[data-site-id="${CSS.escape(focused)}"]`) as HTMLElement | null)?.focus();
    }, 1000);
  };

  const load = async (keepSamples = false) => {
    const seq = ++loadSeq;
    const variables = {
      first: PAGE_SIZE,
      after: cursors[cursors.length - 1] ?? null,
      filter: { ...(filter ? { nameContains: filter } : {}), ...(batteryOnly ? { hasBattery: true } : {}) },
    };
    try {
      const { data, errors } = await api.query(CrSitesPageDocument, variables);
      if (seq !== loadSeq) return;
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
  const refresher = setInterval(() => void load(true), SETTINGS_REFRESH_MS);

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
