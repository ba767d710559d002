import uPlot from 'uplot';
import { CrSiteDetailDocument, CrSiteTelemetryDocument, type CrLiveFragment, type CrReadinessFragment } from '../generated/graphql';
import type { Api } from './api';
import { fill, h, text } from './dom';
import { age, chartFont, remPx, batteryWords, energy, enumWords, gridWords, percent, power } from './format';

const HISTORY_HOURS = 24;

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
  const settings = h('div');
  const readiness = h('div', { 'data-testid': 'site-readiness' });
  const chartBox = h('div', { class: 'history', role: 'img', 'aria-label': `Power over the last ${HISTORY_HOURS} hours` });
  const chartNote = h('p', { class: 'hint' }, '');
  const close = h('button', { type: 'button', class: 'close', onclick: onClose }, 'Close (Esc)');
  const element = h(
    'aside',
    { class: 'detail', 'aria-labelledby': 'site-detail-title', 'data-testid': 'site-detail' },
    h('div', { class: 'detail-head' }, title, close),
    h('div', { class: 'detail-grid' }, h('section', {}, h('h3', {}, 'Live flows'), live, liveAge), h('section', {}, h('h3', {}, 'Settings'), settings), h('section', {}, h('h3', {}, 'Grid readiness'), readiness)),
    h('section', {}, h('h3', {}, `Last ${HISTORY_HOURS} hours (5-minute averages, kW; Tesla’s signs)`), chartBox, chartNote),
  );
  let plot: uPlot | null = null;
  let stopped = false;
  let sampledAt: number | null = null;

  const end = new Date();
  const start = new Date(end.getTime() - HISTORY_HOURS * 3600_000);
  void api
    .query(CrSiteDetailDocument, { id: siteId, start: start.toISOString(), end: end.toISOString() })
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
      if (errors.length) chartNote.textContent = `Some fields could not be read: ${errors.map((e) => e.message).join('; ')}`;
      const points = site.history;
      if (!points.length) {
        text(chartNote, 'No history stored for this window yet.');
        return;
      }
      const kw = (v: number | null | undefined) => (v === null || v === undefined ? null : v / 1000);
      const data2: uPlot.AlignedData = [
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
        data2,
        chartBox,
      );
      text(chartNote, `${points.length} points from ${points[0]!.source === 'POLL' ? 'polled samples' : 'Tesla’s calendar history'} and after.`);
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
