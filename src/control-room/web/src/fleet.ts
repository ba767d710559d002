import uPlot from 'uplot';
import { CrFleetDocument, type CrFleetSubscription } from '../generated/graphql';
import type { Api } from './api';
import { h, text } from './dom';
import { age, chartFont, remPx, batteryWords, energy, gridWords, percent, power } from './format';

type Fleet = CrFleetSubscription['fleetTelemetry'];

/** 0, 10, …, 100 when a label ("100 %", about 3 em) fits in each 10 % of the plot's width; else every 20 %. */
export function percentTicks(plotWidthPx: number, emPx: number): number[] {
  const step = plotWidthPx / 10 >= 3.6 * emPx * 0.75 ? 10 : 20;
  return Array.from({ length: 100 / step + 1 }, (_, i) => i * step);
}

/** Fleet at a glance, live from `fleetTelemetry`. */
export function fleetPanel(api: Api): { element: HTMLElement; stop: () => void } {
  const value = (testid: string) => h('div', { class: 'value', 'data-testid': testid }, '—');
  const hint = (testid: string) => h('div', { class: 'hint', 'data-testid': testid }, '');
  const reporting = value('fleet-reporting');
  const counts = hint('fleet-counts');
  const solar = value('fleet-solar');
  const battery = value('fleet-battery');
  const load = value('fleet-load');
  const grid = value('fleet-grid');
  const reserve = value('fleet-energy-above-reserve');
  const stored = hint('fleet-stored');
  const soc = value('fleet-soc');
  const sampleAge = hint('fleet-age');
  const status = h('p', { class: 'status', role: 'status', 'data-testid': 'fleet-status' }, 'Waiting for the first fleet figures…');
  const chartBox = h('div', { class: 'histogram', role: 'img', 'aria-label': 'State-of-charge histogram' });
  const histogramNote = h('div', { class: 'hint', 'data-testid': 'fleet-histogram-note' }, '');

  const card = (title: string, main: HTMLElement, sub?: HTMLElement | string) => h('section', { class: 'card' }, h('h3', {}, title), main, typeof sub === 'string' ? h('div', { class: 'hint' }, sub) : sub);
  const element = h(
    'section',
    { class: 'fleet', 'aria-labelledby': 'fleet-title' },
    h('h2', { id: 'fleet-title' }, 'Fleet at a glance'),
    status,
    h(
      'div',
      { class: 'fleet-body' },
      h(
        'div',
        { class: 'cards' },
        card('Sites', reporting, counts),
        card('Solar', solar, 'generated now'),
        card('Batteries', battery, 'Tesla: positive = discharging'),
        card('Homes', load, 'load now'),
        card('Grid', grid, 'Tesla: positive = importing'),
        card('Energy above reserve', reserve, stored),
        card('State of charge', soc, sampleAge),
      ),
      h('section', { class: 'card histogram-card' }, h('h3', {}, 'State of charge, sites per 10 %'), chartBox, histogramNote),
    ),
  );

  let latest: Fleet | null = null;
  let receivedAt = 0;
  let plot: uPlot | null = null;
  let plotFont = '';
  let reservePercent: number | null = null;
  const xs = Array.from({ length: 10 }, (_, i) => i * 10 + 5);

  const ensurePlot = (counts: number[]) => {
    const width = Math.max(240, chartBox.clientWidth || 320);
    const height = Math.max(120, Math.min(remPx(14), Math.round(width / 3)));
    // Text is drawn at the root font size of its creation: a move to a bigger screen draws anew.
    if (plot && plotFont !== chartFont()) {
      plot.destroy();
      plot = null;
    }
    if (!plot) {
      plotFont = chartFont();
      plot = new uPlot(
        {
          width,
          height,
          legend: { show: false },
          cursor: { show: false },
          scales: { x: { time: false, range: [0, 100] }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
          // Room on the right for the "100 %" label, which is centred on the plot's right edge.
          padding: [remPx(0.5), remPx(1.6), 0, 0],
          axes: [
            {
              stroke: '#9aa7b8',
              font: chartFont(),
              size: remPx(3),
              grid: { stroke: '#25303f' },
              // Fixed ticks on the 10 % bins' edges: every 10 % where labels fit side by side, else every 20 %.
              splits: (u) => {
                const ticks = percentTicks(u.width - remPx(3) - remPx(1.6), remPx(1));
                chartBox.dataset['ticks'] = ticks.join(',');
                return ticks;
              },
              values: (_u, splits) => splits.map((v) => `${v} %`),
            },
            { stroke: '#9aa7b8', font: chartFont(), size: remPx(3), grid: { stroke: '#25303f' }, values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? String(v) : '')) },
          ],
          series: [{}, { label: 'sites', fill: 'rgba(77,171,247,0.55)', stroke: '#4dabf7', paths: uPlot.paths.bars!({ size: [0.9, 200] }), points: { show: false } }],
          hooks: {
            // The fleet's mean backup reserve, marked on the histogram.
            draw: [
              // Room right of the 100 % tick (CSS px) for its centred label: what the wall-screen test checks.
              (u) => {
                chartBox.dataset['rightRoom'] = String((u.width * devicePixelRatio - u.valToPos(100, 'x', true)) / devicePixelRatio);
              },
              (u) => {
                if (reservePercent === null) return;
                const x = Math.round(u.valToPos(reservePercent, 'x', true));
                const ctx = u.ctx;
                ctx.save();
                ctx.strokeStyle = '#ffa94d';
                ctx.lineWidth = 2 * devicePixelRatio;
                ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
                ctx.beginPath();
                ctx.moveTo(x, u.bbox.top);
                ctx.lineTo(x, u.bbox.top + u.bbox.height);
                ctx.stroke();
                ctx.restore();
              },
            ],
          },
        },
        [xs, counts],
        chartBox,
      );
    } else {
      if (Math.abs(plot.width - width) > 8) plot.setSize({ width, height });
      plot.setData([xs, counts]);
    }
  };

  const render = () => {
    if (!latest) return;
    const f = latest;
    text(reporting, `${f.reportingSiteCount} of ${f.siteCount} reporting`);
    text(counts, `${f.pendingSiteCount} pending · ${f.staleSiteCount} stale`);
    counts.classList.toggle('warn', f.staleSiteCount > 0);
    text(solar, power(f.solarPowerW));
    text(battery, batteryWords(f.batteryPowerW));
    text(load, power(f.loadPowerW));
    text(grid, gridWords(f.gridPowerW));
    text(reserve, energy(f.energyAboveReserveWh));
    text(stored, `${energy(f.energyLeftWh)} stored of ${energy(f.totalPackEnergyWh)}`);
    text(soc, `${percent(f.meanPercentageCharged)} mean`);
    reservePercent = f.meanBackupReservePercent ?? null;
    const counted = f.stateOfChargeHistogram.reduce((sum, b) => sum + b.siteCount, 0);
    text(
      histogramNote,
      `${counted} battery sites · dashed line: mean backup reserve ${reservePercent === null ? 'not known yet' : percent(reservePercent, 1)}`,
    );
    ensurePlot(f.stateOfChargeHistogram.map((b) => b.siteCount));
    tick();
  };

  const tick = () => {
    if (!latest) return;
    const sinceEvent = (Date.now() - receivedAt) / 1000;
    const oldest = latest.oldestSampleAgeSeconds;
    text(sampleAge, oldest === null || oldest === undefined ? `no samples yet · updated ${age(sinceEvent)} ago` : `oldest sample ${age(oldest + sinceEvent)} old · updated ${age(sinceEvent)} ago`);
  };
  const ticker = setInterval(tick, 1000);

  const stopSubscription = api.subscribe(
    CrFleetDocument,
    {},
    (data) => {
      latest = data.fleetTelemetry;
      receivedAt = Date.now();
      text(status, '');
      status.hidden = true;
      render();
    },
    (error) => {
      status.hidden = false;
      text(status, `Fleet figures unavailable: ${error.message}${error.code ? ` (${error.code})` : ''}`);
    },
  );
  const onResize = () => latest && render();
  addEventListener('resize', onResize);
  return {
    element,
    stop: () => {
      clearInterval(ticker);
      removeEventListener('resize', onResize);
      stopSubscription();
      plot?.destroy();
    },
  };
}
