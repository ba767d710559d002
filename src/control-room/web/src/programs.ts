import { CrProgramsDocument, type CrProgramsQuery } from '../generated/graphql';
import type { Api } from './api';
import { fill, h } from './dom';
import { energy, enumWords, time } from './format';

type Program = CrProgramsQuery['programs']['edges'][number]['node'];

/** Timeline window: events from 12 h ago to 36 h ahead. */
const PAST_MS = 12 * 3600_000;
const AHEAD_MS = 36 * 3600_000;

function timeline(program: Program): HTMLElement {
  const now = Date.now();
  const from = now - PAST_MS;
  const span = PAST_MS + AHEAD_MS;
  const events = program.events.edges.map((e) => e.node).filter((e) => Date.parse(e.end) > from && Date.parse(e.start) < now + AHEAD_MS);
  const at = (t: number) => `${(Math.min(Math.max(t - from, 0), span) / span) * 100}%`;
  return h(
    'div',
    { class: 'timeline', role: 'list', 'aria-label': `${program.name}: events from 12 hours ago to 36 hours ahead` },
    h('div', { class: 'now', style: `left:${at(now)}`, title: 'now' }),
    events.map((e) => {
      const left = at(Date.parse(e.start));
      const right = at(Date.parse(e.end));
      return h(
        'div',
        { class: `event ${e.status.toLowerCase()}`, role: 'listitem', style: `left:${left};width:calc(${right} - ${left})`, title: `${enumWords(e.mode)} ${time(e.start)} → ${time(e.end)}: ${enumWords(e.status)}` },
        enumWords(e.mode),
      );
    }),
  );
}

/** Programs with their capacity now, events on a timeline, requested vs achieved kW per event. */
export function programsView(api: Api): { element: HTMLElement; stop: () => void } {
  const body = h('div', {}, h('p', { class: 'muted' }, 'Loading programs…'));
  const element = h('section', { 'aria-labelledby': 'programs-title' }, h('h2', { id: 'programs-title' }, 'Programs and events'), body);
  const load = async () => {
    try {
      const { data } = await api.query(CrProgramsDocument);
      const programs = data.programs.edges.map((e) => e.node);
      if (!programs.length) return fill(body, h('p', { class: 'muted' }, 'No programs yet. Create one with the createProgram mutation (see the README).'));
      fill(
        body,
        programs.map((p) =>
          h(
            'article',
            { class: 'program card' },
            h('h3', {}, p.name, ' ', h('span', { class: 'badge' }, enumWords(p.kind)), ' ', h('span', { class: 'badge' }, enumWords(p.transport))),
            h(
              'p',
              {},
              `${p.capacity.reportingSiteCount} of ${p.capacity.siteCount} enrolled sites reporting · ${p.capacity.availableDischargeKw.toFixed(1)} kW can discharge · ${p.capacity.availableChargeKw.toFixed(1)} kW can charge · ${energy(p.capacity.energyAboveReserveWh)} above reserve`,
            ),
            timeline(p),
            h(
              'table',
              { class: 'events' },
              h('thead', {}, h('tr', {}, ['Start', 'End', 'Mode', 'Status', 'Requested', 'Achieved'].map((c) => h('th', { scope: 'col' }, c)))),
              h(
                'tbody',
                {},
                p.events.edges.map(({ node: e }) =>
                  h(
                    'tr',
                    {},
                    h('td', {}, time(e.start)),
                    h('td', {}, time(e.end)),
                    h('td', {}, enumWords(e.mode)),
                    h('td', { title: e.reason ?? '' }, enumWords(e.status)),
                    h('td', { class: 'num' }, `${e.requestedKw.toFixed(1)} kW`),
                    h('td', { class: 'num' }, e.performance?.deliveredKw != null ? `${e.performance.deliveredKw.toFixed(1)} kW` : '—'),
                  ),
                ),
              ),
            ),
          ),
        ),
      );
    } catch (error) {
      fill(body, h('p', { class: 'warn' }, `Programs could not be loaded: ${(error as Error).message}`));
    }
  };
  void load();
  const timer = setInterval(() => void load(), 30_000);
  return { element, stop: () => clearInterval(timer) };
}
