/**
 * The trial table: one row per trial, best objective first (mean over seeds; each seed's value on
 * hover), with its base arm, swept parameters, seeds and status. A trial's name focuses its curves.
 */
import { paletteColor } from '../model/colors';
import { formatValue } from '../model/format';
import type { Direction } from '../model/pareto';
import { paramsText, type TrialPoint } from '../model/sweep-model';
import { intervalText, objectiveInterval } from '../model/trial-intervals';
import { button, h } from './dom';
import type { Theme } from './theme';

export interface TrialTableInput {
  rows: readonly TrialPoint[];
  colorIndex: ReadonlyMap<string, number>;
  objective: string;
  mode: Direction;
  /** Trial names hidden in the legend (their rows are dimmed). */
  hidden: ReadonlySet<string>;
  theme: Theme;
  focusTrial(name: string): void;
}

function objectiveCell(p: TrialPoint, best: boolean): HTMLTableCellElement {
  if (p.objective === undefined) return h('td', { class: 'num muted' }, '—');
  const td = h('td', { class: best ? 'num best' : 'num' }, formatValue(p.objective, 4));
  const seeds = p.seeds.filter((s) => s.objective !== undefined);
  td.title = seeds.length > 1 ? `mean of ${seeds.length} seeds\n${seeds.map((s) => `seed ${s.seed}: ${formatValue(s.objective ?? NaN, 6)}`).join('\n')}` : formatValue(p.objective, 8);
  const ci = objectiveInterval(p);
  if (ci) {
    td.append(h('span', { class: 'spread' }, ` ${formatValue(ci.lo, 3)} \u2026 ${formatValue(ci.hi, 3)}`));
    td.title = `${intervalText(ci, (v) => formatValue(v, 6))}\n${td.title}`;
  }
  return td;
}

export function renderTrialTable(el: HTMLElement, t: TrialTableInput): void {
  const head = h(
    'thead',
    {},
    h('tr', {}, ...['#', 'Trial', 'Arm', 'Parameters', `${t.objective} (${t.mode})`, 'Seeds', 'Status'].map((s, i) => h('th', { scope: 'col', class: i === 0 || i === 4 || i === 5 ? 'num' : undefined }, s))),
  );
  const body = h('tbody', {});
  t.rows.forEach((p, i) => {
    const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
    swatch.style.setProperty('--swatch', paletteColor(t.theme.palette, t.colorIndex.get(p.baseArm) ?? 0));
    const name = button(p.name, `Show only ${p.name}'s curves in the charts below`, () => t.focusTrial(p.name), 'btn link trial-link');
    const status = h('td', { class: 'status-cell' }, h('span', { class: `badge status-${p.status}` }, p.statusText));
    const reasons = p.seeds.filter((s) => s.reason).map((s) => `seed ${s.seed}: ${s.reason}`);
    if (reasons.length) status.title = reasons.join('\n');
    body.append(
      h(
        'tr',
        { class: t.hidden.has(p.name) ? 'dimmed' : undefined, 'data-trial': p.name },
        h('td', { class: 'num muted' }, String(i + 1)),
        h('th', { scope: 'row', class: 'arm' }, swatch, name),
        h('td', {}, p.baseArm),
        h('td', { class: 'params' }, paramsText(p.params, (v) => formatValue(v, 4))),
        objectiveCell(p, i === 0 && p.objective !== undefined && t.rows.length > 1),
        h('td', { class: 'num' }, String(p.seeds.length)),
        status,
      ),
    );
  });
  el.replaceChildren(h('table', { class: 'summary trials' }, h('caption', {}, 'Trials'), head, body));
}
