/**
 * The summary table (a real <table>): per arm its status (reason on hover, and shown inline when an
 * arm diverged or crashed), best and final main metric, final training loss, steps/s and steps; the
 * best arm's best value stands out. Overlaid runs follow, one body per run.
 */
import { higherIsBetter, metricLabel } from '../model/chart-defs';
import { paletteColor } from '../model/colors';
import { formatValue } from '../model/format';
import type { Stat, SummaryRow, SummaryTable } from '../model/summary-rows';
import { h } from './dom';
import type { Theme } from './theme';

export interface TableGroup {
  runName: string;
  overlay: boolean;
  table: SummaryTable;
  colorIndex: ReadonlyMap<string, number>;
}

function statCell(s: Stat | undefined, digits: number, best = false): HTMLTableCellElement {
  if (!s) return h('td', { class: 'num muted' }, '—');
  const td = h('td', { class: best ? 'num best' : 'num' }, formatValue(s.mean, digits));
  if (s.perSeed.length > 1) {
    td.append(h('span', { class: 'spread' }, ` ${formatValue(s.min, 3)}–${formatValue(s.max, 3)}`));
    td.title = `mean of ${s.perSeed.length} seeds\n${s.perSeed.map((p) => `seed ${p.seed}: ${formatValue(p.value, 6)}`).join('\n')}`;
  } else {
    td.title = formatValue(s.mean, 8);
  }
  return td;
}

function statusCell(r: SummaryRow): HTMLTableCellElement {
  const td = h('td', { class: 'status-cell' }, h('span', { class: `badge status-${r.status}` }, r.statusText));
  if (r.reasons.length) td.title = r.reasons.join('\n');
  if ((r.status === 'diverged' || r.status === 'crashed') && r.reasons.length) td.append(h('div', { class: 'reason' }, r.reasons.join('; ')));
  return td;
}

function bestArm(t: SummaryTable): string | undefined {
  if (!t.mainMetric) return undefined;
  const higher = higherIsBetter(t.mainMetric);
  let arm: string | undefined;
  let value = NaN;
  for (const r of t.rows) {
    const v = r.best?.mean;
    if (v === undefined || !Number.isFinite(v)) continue;
    if (Number.isNaN(value) || (higher ? v > value : v < value)) {
      value = v;
      arm = r.arm;
    }
  }
  return t.rows.filter((r) => r.best).length > 1 ? arm : undefined;
}

function body(g: TableGroup, theme: Theme, showRun: boolean): HTMLTableSectionElement {
  const tbody = h('tbody', { class: g.overlay ? 'overlay' : undefined });
  if (showRun) tbody.append(h('tr', { class: 'run-row' }, h('th', { scope: 'rowgroup', colspan: '7' }, g.overlay ? `${g.runName} (overlay)` : g.runName)));
  const best = bestArm(g.table);
  for (const r of g.table.rows) {
    const swatch = h('span', { class: g.overlay ? 'swatch dashed' : 'swatch', 'aria-hidden': 'true' });
    swatch.style.setProperty('--swatch', paletteColor(theme.palette, g.colorIndex.get(r.arm) ?? 0));
    tbody.append(
      h(
        'tr',
        {},
        h('th', { scope: 'row', class: 'arm' }, swatch, r.arm),
        statusCell(r),
        statCell(r.best, 4, r.arm === best),
        statCell(r.final, 4),
        statCell(r.finalLoss, 4),
        statCell(r.stepsPerSec, 3),
        h('td', { class: 'num' }, r.steps === undefined ? '—' : String(r.steps)),
      ),
    );
  }
  return tbody;
}

export function renderSummaryTable(el: HTMLElement, groups: readonly TableGroup[], theme: Theme): void {
  const main = groups.find((g) => g.table.mainMetric)?.table.mainMetric;
  const metric = main ? metricLabel(main).replace(/^Validation /, 'val. ') : 'main metric';
  const head = h(
    'thead',
    {},
    h(
      'tr',
      {},
      ...['Arm', 'Status', `Best ${metric}`, `Final ${metric}`, 'Final train loss', 'Steps/s', 'Steps'].map((t, i) =>
        h('th', { scope: 'col', class: i >= 2 ? 'num' : undefined }, t),
      ),
    ),
  );
  const table = h('table', { class: 'summary' }, h('caption', {}, 'Summary'), head, ...groups.map((g) => body(g, theme, groups.length > 1)));
  el.replaceChildren(table);
}
