import uPlot from 'uplot';
import {
  CrSiteDetailDocument,
  CrSiteHistoryDocument,
  CrSiteHistoryPendingDocument,
  CrSiteTelemetryDocument,
  type CrLiveFragment,
  type CrReadinessFragment,
  type CrSiteHistoryQuery,
} from '../generated/graphql';
import type { Api } from './api';
import { fill, h, text } from './dom';
import { age, chartFont, remPx, batteryWords, energy, enumWords, gridWords, percent, power, time } from './format';

const HISTORY_HOURS = 24;
/** A site clock this close to ours is the same clock (the window then ends now, with the newest polled samples). */
const SAME_CLOCK_MS = 15 * 60_000;

type HistoryPoint = NonNullable<CrSiteHistoryQuery['site']>['history'][number];

/** "1 point", "288 points". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * Where the history window ends: the site's own clock (its live status's timestamp) when it is far
 * from ours — a sandbox simulating another day, or a site whose clock is off — else now.
 */
export function historyWindow(siteTimestamp: string | null | undefined, now = Date.now()): { start: Date; end: Date; siteClock: boolean } {
  const site = siteTimestamp ? Date.parse(siteTimestamp) : Number.NaN;
  const siteClock = !Number.isNaN(site) && Math.abs(site - now) >= SAME_CLOCK_MS;
  const end = siteClock ? site : now;
  return { start: new Date(end - HISTORY_HOURS * 3600_000), end: new Date(end), siteClock };
}

/** What the chart shows, in words: points by source, and the site's clock when the window follows it. */
function historyNote(points: HistoryPoint[], frame: { end: Date; siteClock: boolean }): string {
  const polled = points.filter((p) => p.source === 'POLL').length;
  const calendar = points.length - polled;
  const sources = [calendar ? `${calendar} from Tesla’s calendar history` : null, polled ? `${polled} polled by the gateway` : null].filter(Boolean).join(', ');
  const clock = frame.siteClock ? ` The window ends at the site’s own clock (${time(frame.end.toISOString())}), which differs from this computer’s.` : '';
  return `${plural(points.length, 'point')} (5-minute averages): ${sources}.${clock}`;
}

export function readinessList(readiness: CrReadinessFragment | null | undefined): HTMLElement {
  if (!readiness) return h('p', { class: 'warn' }, 'Readiness unknown: Tesla could not be read for this site.');
  if (!readiness.blockers.length) return h('p', { class: 'ok' }, 'Ready: the battery can export to the grid and charge from it.');
  return h(
    'ul',
    { class: 'blockers' },
    readiness.blockers.map((b) =>
      h(
        'li',
        {},
        h('strong', {}, enumWords(b.code)),
        ` (blocks ${b.blocks.map((f) => enumWords(f)).join(' and ') || 'nothing'}${b.liftedByGridInteraction ? '; lifted by “enable grid interaction”' : ''}): ${b.message}`,
        h('div', { class: 'remedy' }, 'Remedy: ', b.remediation),
      ),
    ),
  );
}

function flows(live: CrLiveFragment | null | undefined): HTMLElement {
  if (!live) return h('p', { class: 'warn' }, 'No live status.');
  return h(
    'dl',
    { class: 'flows' },
    h('dt', {}, 'Solar'),
    h('dd', {}, `${power(live.solarPowerW)} generating`),
    h('dt', {}, 'Battery'),
    h('dd', {}, batteryWords(live.batteryPowerW)),
    h('dt', {}, 'Home'),
    h('dd', {}, `${power(live.loadPowerW)} load`),
    h('dt', {}, 'Grid'),
    h('dd', {}, gridWords(live.gridPowerW)),
    h('dt', {}, 'Charge'),
    h('dd', {}, `${percent(live.percentageCharged)} · ${energy(live.energyLeftWh)} of ${energy(live.totalPackEnergyWh)}`),
    h('dt', {}, 'Grid status'),
    h('dd', {}, `${enumWords(live.gridStatus)}${live.stormModeActive ? ' · Storm Watch active' : ''} · from ${enumWords(live.source)}`),
  );
}

/** One site: live flows, settings, readiness with remedies, and its history chart (`Site.history`). */
export function siteDetail(api: Api, siteId: string, onClose: () => void): { element: HTMLElement; stop: () => void } {
  const title = h('h2', { id: 'site-detail-title', tabindex: -1 }, 'Site');
  const live = h('div', { 'data-testid': 'site-live' }, h('p', { class: 'muted' }, 'Loading…'));
  const liveAge = h('p', { class: 'hint', 'data-testid': 'site-live-age' }, '');
  const settings = h('div', { 'data-testid': 'site-settings' });
  const readiness = h('div', { 'data-testid': 'site-readiness' });
  const chartBox = h('div', { class: 'history', role: 'img', 'aria-label': `Power over the last ${HISTORY_HOURS} hours` });
  const chartNote = h('p', { class: 'hint', 'data-testid': 'history-note' }, 'Loading the history…');
  const pendingNote = h('p', { class: 'hint warn', 'data-testid': 'history-pending', hidden: true }, '');
  const close = h('button', { type: 'button', class: 'close', onclick: onClose }, 'Close (Esc)');
  const element = h(
    'aside',
    { class: 'detail', 'aria-labelledby': 'site-detail-title', 'data-testid': 'site-detail' },
    h('div', { class: 'detail-head' }, title, close),
    h('div', { class: 'detail-grid' }, h('section', {}, h('h3', {}, 'Live flows'), live, liveAge), h('section', {}, h('h3', {}, 'Settings'), settings), h('section', {}, h('h3', {}, 'Grid readiness'), readiness)),
    h('section', {}, h('h3', {}, `Last ${HISTORY_HOURS} hours (5-minute averages, kW; Tesla’s signs)`), chartBox, chartNote, pendingNote),
  );
  let plot: uPlot | null = null;
  let stopped = false;
  let sampledAt: number | null = null;

  const showHistory = async (frame: { start: Date; end: Date; siteClock: boolean }) => {
    const range = { id: siteId, start: frame.start.toISOString(), end: frame.end.toISOString() };
    const { data } = await api.query(CrSiteHistoryDocument, range);
    if (stopped || !data.site) return;
    drawHistory(data.site.history, frame);
    // Asked after the history read, so it names only what that read could not fetch.
    const pending = (await api.query(CrSiteHistoryPendingDocument, range)).data.site?.historyPendingDays ?? [];
    if (stopped || !pending.length) return;
    pendingNote.hidden = false;
    text(
      pendingNote,
      `${plural(pending.length, 'day')} of Tesla’s history not fetched yet (${pending.join(', ')}): the site’s backfill budget is spent for this minute. Open the site again shortly for the rest.`,
    );
  };

  const drawHistory = (points: HistoryPoint[], frame: { end: Date; siteClock: boolean }) => {
    if (!points.length) {
      text(chartNote, 'No history stored for this window yet.');
      return;
    }
    const kw = (v: number | null | undefined) => (v === null || v === undefined ? null : v / 1000);
    const data: uPlot.AlignedData = [
      points.map((p) => Date.parse(p.timestamp) / 1000),
      points.map((p) => kw(p.solarPowerW)),
      points.map((p) => kw(p.batteryPowerW)),
      points.map((p) => kw(p.loadPowerW)),
      points.map((p) => kw(p.gridPowerW)),
    ];
    const width = Math.max(300, chartBox.clientWidth || 600);
    plot = new uPlot(
      {
        width,
        height: Math.max(180, Math.min(360, Math.round(width / 3.5))),
        cursor: { drag: { x: false, y: false } },
        axes: [
          { stroke: '#9aa7b8', font: chartFont(), size: remPx(3), grid: { stroke: '#25303f' } },
          { stroke: '#9aa7b8', font: chartFont(), size: remPx(3), grid: { stroke: '#25303f' }, label: 'kW' },
        ],
        series: [
          {},
          { label: 'Solar', stroke: '#ffd43b', width: 2 },
          { label: 'Battery (+ discharging)', stroke: '#69db7c', width: 2 },
          { label: 'Home', stroke: '#4dabf7', width: 2 },
          { label: 'Grid (+ importing)', stroke: '#ff8787', width: 2 },
        ],
      },
      data,
      chartBox,
    );
    text(chartNote, historyNote(points, frame));
  };

  void api
    .query(CrSiteDetailDocument, { id: siteId })
    .then(({ data, errors }) => {
      if (stopped) return;
      const site = data.site;
      if (!site) return text(title, 'This site no longer exists');
      text(title, site.name);
      title.focus();
      fill(live, flows(site.liveStatus));
      const s = site.settings;
      fill(
        settings,
        s
          ? h(
              'dl',
              { class: 'flows' },
              h('dt', {}, 'Backup reserve'),
              h('dd', {}, percent(s.backupReservePercent)),
              h('dt', {}, 'Operation mode'),
              h('dd', {}, enumWords(s.operationMode)),
              h('dt', {}, 'Export rule'),
              h('dd', {}, enumWords(s.exportRule)),
              h('dt', {}, 'Grid charging'),
              h('dd', {}, s.gridChargingAllowed === null || s.gridChargingAllowed === undefined ? '—' : s.gridChargingAllowed ? 'allowed' : 'not allowed'),
              h('dt', {}, 'Storm Watch'),
              h('dd', {}, s.stormModeEnabled ? 'enabled' : 'off'),
              h('dt', {}, 'Hardware'),
              h('dd', {}, `${site.components.batteryCount} Powerwall(s), ${energy(site.components.nameplateEnergyWh)}, ${power(site.components.nameplatePowerW)}${site.components.solar ? ', solar' : ''}`),
            )
          : h('p', { class: 'warn' }, 'Settings could not be read from Tesla.'),
      );
      fill(readiness, readinessList(site.gridReadiness));
      if (errors.length) fill(readiness, readinessList(site.gridReadiness), h('p', { class: 'warn' }, `Some fields could not be read: ${errors.map((e) => e.message).join('; ')}`));
      // The window follows the site's clock: the day the site itself is living.
      return showHistory(historyWindow(site.liveStatus?.timestamp)).catch((error: Error) => {
        if (!stopped) text(chartNote, `The history could not be read: ${error.message}`);
      });
    })
    .catch((error: Error) => {
      if (!stopped) fill(live, h('p', { class: 'warn' }, `This site could not be loaded: ${error.message}`));
    });

  const stopTelemetry = api.subscribe(
    CrSiteTelemetryDocument,
    { siteIds: [siteId] },
    (data) => {
      const sample = data.siteTelemetry;
      sampledAt = Date.now() - sample.ageSeconds * 1000;
      if (sample.stale) {
        text(liveAge, `Stale: the last poll failed — ${sample.error ?? 'no reason given'}`);
        liveAge.classList.add('warn');
      } else {
        liveAge.classList.remove('warn');
        fill(live, flows(sample.liveStatus));
      }
    },
    () => undefined,
  );
  const ticker = setInterval(() => {
    if (sampledAt !== null && !liveAge.classList.contains('warn')) text(liveAge, `Live · sample ${age((Date.now() - sampledAt) / 1000)} old`);
  }, 1000);
  return {
    element,
    stop: () => {
      stopped = true;
      clearInterval(ticker);
      stopTelemetry();
      plot?.destroy();
    },
  };
}
