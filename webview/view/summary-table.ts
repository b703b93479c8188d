/**
 * The summary table (a real <table>): per arm its status (reason on hover, and shown inline when an
 * arm diverged or crashed) and the number columns the user keeps (best and final main metric, final
 * training loss, steps/s, steps; "Columns" in the caption chooses); the best arm's best value stands
 * out. Overlaid runs follow, one body per run. It wraps to fit the panel rather than scroll.
 */
import { higherIsBetter, metricLabel } from '../model/chart-defs';
import { paletteColor } from '../model/colors';
import { formatValue } from '../model/format';
import { SUMMARY_COLUMNS, shownColumns, type ColumnKey, type SummaryColumn } from '../model/summary-columns';
import type { Stat, SummaryRow, SummaryTable } from '../model/summary-rows';
import { h } from './dom';
import type { Theme } from './theme';

export interface TableColumns {
  hidden: readonly ColumnKey[];
  toggle(key: ColumnKey): void;
}

export interface TableGroup {
  runName: string;
  overlay: boolean;
  table: SummaryTable;
  colorIndex: ReadonlyMap<string, number>;
}

function statCell(s: Stat | undefined, digits: number, best = false): HTMLTableCellElement {
  if (!s) return h('td', { class: 'num muted' }, '—');
  const td = h('td', { class: best ? 'num best' : 'num' }, digits === 0 ? String(s.mean) : formatValue(s.mean, digits));
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

function cell(c: SummaryColumn, r: SummaryRow, best: boolean): HTMLTableCellElement {
  const v = c.value(r);
  if (typeof v === 'number') return h('td', { class: 'num' }, String(v));
  return statCell(v, c.digits, best);
}

function body(g: TableGroup, theme: Theme, showRun: boolean, columns: readonly SummaryColumn[]): HTMLTableSectionElement {
  const tbody = h('tbody', { class: g.overlay ? 'overlay' : undefined });
  if (showRun) tbody.append(h('tr', { class: 'run-row' }, h('th', { scope: 'rowgroup', colspan: String(2 + columns.length) }, g.overlay ? `${g.runName} (overlay)` : g.runName)));
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
        ...columns.map((c) => (c.key === 'steps' && r.steps === undefined ? h('td', { class: 'num muted' }, '—') : cell(c, r, c.key === 'best' && r.arm === best))),
      ),
    );
  }
  return tbody;
}

/** "Columns": a checkbox per number column, in a disclosure in the caption. */
function chooser(metric: string, cols: TableColumns): HTMLElement {
  const boxes = SUMMARY_COLUMNS.map((c) => {
    const box = h('input', { type: 'checkbox', checked: !cols.hidden.includes(c.key) });
    box.addEventListener('change', () => cols.toggle(c.key));
    return h('label', { class: 'column-choice' }, box, c.label(metric));
  });
  return h('details', { class: 'column-chooser' }, h('summary', { title: 'Choose the columns of the table' }, 'Columns'), h('div', { class: 'column-list' }, ...boxes));
}

export function renderSummaryTable(el: HTMLElement, groups: readonly TableGroup[], theme: Theme, cols: TableColumns): void {
  const main = groups.find((g) => g.table.mainMetric)?.table.mainMetric;
  const metric = main ? metricLabel(main).replace(/^Validation /, 'val. ') : 'main metric';
  const columns = shownColumns(cols.hidden);
  const wasOpen = el.querySelector('details.column-chooser')?.hasAttribute('open') ?? false;
  const choose = chooser(metric, cols);
  choose.toggleAttribute('open', wasOpen);
  const head = h(
    'thead',
    {},
    h('tr', {}, h('th', { scope: 'col' }, 'Arm'), h('th', { scope: 'col' }, 'Status'), ...columns.map((c) => h('th', { scope: 'col', class: 'num' }, c.label(metric)))),
  );
  const table = h('table', { class: 'summary' }, h('caption', {}, h('span', {}, 'Summary'), choose), head, ...groups.map((g) => body(g, theme, groups.length > 1, columns)));
  el.replaceChildren(table);
}
