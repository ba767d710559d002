import { CrProgramEventUpdatedDocument, CrProgramsDocument, type CrProgramsQuery } from '../generated/graphql';
import type { Api } from './api';
import { fill, h } from './dom';
import { energy, enumWords, time } from './format';

type Program = CrProgramsQuery['programs']['edges'][number]['node'];

/** Timeline window: events from 12 h ago to 36 h ahead. */
const PAST_MS = 12 * 3600_000;
const AHEAD_MS = 36 * 3600_000;
/** Axis labels on the local hours divisible by this. */
const TICK_HOURS = 6;
/** Performance moves while an event runs: re-read this often then (else every 30 s, and on every event change). */
const ACTIVE_REFRESH_MS = 10_000;
const IDLE_REFRESH_MS = 30_000;

/** The local hours divisible by TICK_HOURS in [from, to): where the timeline's axis is labelled. */
export function timelineTicks(from: number, to: number): { at: number; label: string; day: boolean }[] {
  const first = new Date(from);
  first.setMinutes(0, 0, 0);
  const ticks: { at: number; label: string; day: boolean }[] = [];
  for (const t = first; t.getTime() < to; t.setHours(t.getHours() + 1)) {
    if (t.getTime() < from || t.getHours() % TICK_HOURS !== 0) continue;
    const day = t.getHours() === 0;
    ticks.push({
      at: t.getTime(),
      label: day ? t.toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' }) : t.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' }),
      day,
    });
  }
  return ticks;
}

function timeline(program: Program): HTMLElement[] {
  const now = Date.now();
  const from = now - PAST_MS;
  const span = PAST_MS + AHEAD_MS;
  const events = program.events.edges.map((e) => e.node).filter((e) => Date.parse(e.end) > from && Date.parse(e.start) < now + AHEAD_MS);
  const at = (t: number) => `${(Math.min(Math.max(t - from, 0), span) / span) * 100}%`;
  const ticks = timelineTicks(from, now + AHEAD_MS);
  return [
    h(
      'div',
      { class: 'timeline', role: 'list', 'aria-label': `${program.name}: events from 12 hours ago to 36 hours ahead` },
      ticks.map((tick) => h('div', { class: 'tick', style: `left:${at(tick.at)}`, 'aria-hidden': 'true' })),
      h('div', { class: 'now', style: `left:${at(now)}`, title: 'now' }),
      events.map((e) => {
        const left = at(Date.parse(e.start));
        const right = at(Date.parse(e.end));
        return h(
          'div',
          {
            class: `event ${e.status.toLowerCase()}`,
            role: 'listitem',
            'data-event-id': e.id,
            style: `left:${left};width:calc(${right} - ${left})`,
            title: `${enumWords(e.mode)} ${time(e.start)} → ${time(e.end)}: ${enumWords(e.status)}`,
          },
          enumWords(e.mode),
        );
      }),
    ),
    h(
      'div',
      { class: 'timeline-axis', 'aria-hidden': 'true', 'data-testid': 'timeline-axis' },
      // Labels are centred on their tick: none so close to an end that half of it would fall outside.
      ticks.filter((tick) => tick.at - from > span * 0.03 && from + span - tick.at > span * 0.03).map((tick) => h('span', { class: tick.day ? 'day' : null, style: `left:${at(tick.at)}` }, tick.label)),
    ),
  ];
}

/** Achieved kW: the measured figure (so far, while the event runs), else why there is none yet. */
function achieved(e: Program['events']['edges'][number]['node']): HTMLElement {
  const kw = e.performance?.deliveredKw;
  if (kw !== null && kw !== undefined) return h('td', { class: 'num', 'data-col': 'achieved' }, `${kw.toFixed(1)} kW${e.status === 'ACTIVE' ? ' so far' : ''}`);
  const why = e.status === 'SCHEDULED' ? 'not started' : e.status === 'CANCELLED' || e.status === 'FAILED' ? 'not measured' : 'no measurement yet (no baseline or samples)';
  return h('td', { class: 'num muted', 'data-col': 'achieved', title: why }, '—');
}

/** Programs with their capacity now, events on a timeline, requested vs achieved kW per event. */
export function programsView(api: Api): { element: HTMLElement; stop: () => void } {
  const body = h('div', {}, h('p', { class: 'muted' }, 'Loading programs…'));
  const element = h('section', { 'aria-labelledby': 'programs-title' }, h('h2', { id: 'programs-title' }, 'Programs and events'), body);
  let timer: number | null = null;
  let stopped = false;
  let loadSeq = 0;
  const schedule = (ms: number) => {
    if (timer) clearTimeout(timer);
    if (!stopped) timer = window.setTimeout(() => void load(), ms);
  };
  const load = async () => {
    let anyActive = false;
    const seq = ++loadSeq;
    try {
      const { data } = await api.query(CrProgramsDocument);
      // A newer read (an event changed meanwhile) fills the view instead.
      if (stopped || seq !== loadSeq) return;
      const programs = data.programs.edges.map((e) => e.node);
      anyActive = programs.some((p) => p.events.edges.some((e) => e.node.status === 'ACTIVE'));
      if (!programs.length) return fill(body, h('p', { class: 'muted' }, 'No programs yet. Create one with the createProgram mutation (see the README).'));
      fill(
        body,
        programs.map((p) =>
          h(
            'article',
            { class: 'program card', 'data-program-id': p.id },
            h('h3', {}, p.name, ' ', h('span', { class: 'badge' }, enumWords(p.kind)), ' ', h('span', { class: 'badge' }, enumWords(p.transport))),
            h(
              'p',
              {},
              `${p.capacity.reportingSiteCount} of ${p.capacity.siteCount} enrolled sites reporting · ${p.capacity.availableDischargeKw.toFixed(1)} kW can discharge · ${p.capacity.availableChargeKw.toFixed(1)} kW can charge · ${energy(p.capacity.energyAboveReserveWh)} above reserve`,
            ),
            timeline(p),
            h(
              'table',
              { class: 'events', 'data-testid': 'program-events' },
              h('thead', {}, h('tr', {}, ['Start', 'End', 'Mode', 'Status', 'Requested', 'Achieved'].map((c) => h('th', { scope: 'col', class: c === 'Requested' || c === 'Achieved' ? 'num' : null }, c)))),
              h(
                'tbody',
                {},
                p.events.edges.map(({ node: e }) =>
                  h(
                    'tr',
                    { 'data-event-id': e.id },
                    h('td', {}, time(e.start)),
                    h('td', {}, time(e.end)),
                    h('td', {}, enumWords(e.mode)),
                    h('td', { 'data-col': 'status', 'data-status': e.status, title: e.reason ?? '' }, enumWords(e.status)),
                    h('td', { class: 'num', 'data-col': 'requested' }, `${e.requestedKw.toFixed(1)} kW`),
                    achieved(e),
                  ),
                ),
              ),
            ),
          ),
        ),
      );
    } catch (error) {
      if (!stopped) fill(body, h('p', { class: 'warn' }, `Programs could not be loaded: ${(error as Error).message}`));
    } finally {
      if (seq === loadSeq) schedule(anyActive ? ACTIVE_REFRESH_MS : IDLE_REFRESH_MS);
    }
  };
  // Every event change (scheduled, started, ended, cancelled…) re-reads the programs, a moment later.
  const stopUpdates = api.subscribe(CrProgramEventUpdatedDocument, {}, () => schedule(300), () => undefined);
  void load();
  return {
    element,
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      stopUpdates();
    },
  };
}
