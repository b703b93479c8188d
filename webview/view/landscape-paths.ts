/**
 * The landscape's paths card: the task loss (or the metric) along every straight path, against t
 * (0 at the path's start, 1 at its end). A path from the initial weights is drawn solid in its arm's
 * colour; a path between two solutions dashed, fading from the first arm's colour to the second's.
 * The barrier of each path is marked (▲, on the loss); a table under the chart lists the ends' losses
 * and the barriers.
 */
import type { Chart, ScriptableContext } from 'chart.js';
import type { LandscapeResult } from '../../src/shared/analysis/types';
import { paletteColor } from '../model/colors';
import { formatValue } from '../model/format';
import { barrierRows, metricTitle, pathLines, type PathLine } from '../model/landscape-model';
import { AnalysisCard, type AnalysisDataset } from './analysis-card';
import { analysisOptions } from './analysis-axes';
import { h } from './dom';
import type { Theme } from './theme';

export interface PathsInput {
  result: LandscapeResult;
  theme: Theme;
  colorIndex: ReadonlyMap<string, number>;
}

/** A left-to-right gradient over the line's t range (0 → 1 in data units), from one colour to another. */
function gradient(chart: Chart, a: string, b: string): CanvasGradient | string {
  const x = chart.scales.x;
  if (!x || !chart.chartArea) return a;
  const g = chart.ctx.createLinearGradient(x.getPixelForValue(0), 0, x.getPixelForValue(1), 0);
  g.addColorStop(0, a);
  g.addColorStop(1, b);
  return g;
}

function lineDataset(l: PathLine, theme: Theme): AnalysisDataset {
  const a = paletteColor(theme.palette, l.from);
  const b = paletteColor(theme.palette, l.to);
  return {
    label: l.label,
    data: l.points,
    showLine: true,
    borderColor: l.fromInit ? b : (ctx: ScriptableContext<'line'>) => gradient(ctx.chart, a, b),
    backgroundColor: b,
    borderWidth: l.fromInit ? 2 : 1.75,
    borderDash: l.fromInit ? [] : [6, 3],
    pointRadius: 0,
    pointHoverRadius: 3,
    pointHitRadius: 3,
  };
}

export function drawPaths(card: AnalysisCard, input: PathsInput, which: 'loss' | 'metric'): void {
  const { result: r, theme, colorIndex } = input;
  const lines = pathLines(r, colorIndex, which);
  const yName = which === 'loss' ? `task loss (${r.lossName})` : metricTitle(r.metricName);
  const datasets = lines.map((l) => lineDataset(l, theme));
  if (which === 'loss') {
    r.paths.forEach((p, k) => {
      const i = p.t.indexOf(p.barrier.at);
      if (i < 0 || !(p.barrier.height > 0)) return;
      const c = paletteColor(theme.palette, lines[k].to);
      datasets.push({ label: `barrier ${lines[k].label}`, data: [{ x: p.t[i], y: p.loss[i] }], pointStyle: 'triangle', pointRadius: 5, pointHoverRadius: 6, backgroundColor: c, borderColor: theme.background, borderWidth: 1 });
    });
  }
  const options = analysisOptions(theme, {
    x: 't along the path (0: start, 1: end)',
    y: yName,
    xMin: Math.min(0, ...r.paths.flatMap((p) => p.t)),
    xMax: Math.max(1, ...r.paths.flatMap((p) => p.t)),
    mode: 'index',
    title: (items) => (items[0] ? `t = ${formatValue(items[0].parsed.x ?? NaN, 3)}` : ''),
    label: (item) => (item.datasetIndex < lines.length ? `${lines[item.datasetIndex].label}   ${formatValue(item.parsed.y ?? NaN, 4)}` : ''),
    color: (item) => paletteColor(theme.palette, lines[item.datasetIndex]?.to ?? 0),
  });
  card.draw(datasets, options);
  card.setLegend(
    lines.map((l) => {
      const a = paletteColor(theme.palette, l.from);
      const b = paletteColor(theme.palette, l.to);
      return { label: l.label, color: l.fromInit ? b : a, dashed: !l.fromInit, swatch: l.fromInit ? undefined : `linear-gradient(to right, ${a}, ${b})` };
    }),
  );
  renderBarrierTable(card.below, r);
}

function renderBarrierTable(el: HTMLElement, r: LandscapeResult): void {
  const rows = barrierRows(r);
  const num = (v: number): HTMLElement => h('td', { class: 'num' }, formatValue(v, 4));
  el.replaceChildren(
    h(
      'table',
      { class: 'summary barriers' },
      h('caption', {}, `Barrier: the highest ${r.lossName} along the path above the straight line between its ends (0: convex between them).`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'path'), h('th', { scope: 'col', class: 'num' }, 'loss at t = 0'), h('th', { scope: 'col', class: 'num' }, 'at t = 1'), h('th', { scope: 'col', class: 'num' }, 'barrier'), h('th', { scope: 'col', class: 'num' }, 'at t'))),
      h('tbody', {}, ...rows.map((b) => h('tr', {}, h('th', { scope: 'row' }, b.path), num(b.start), num(b.end), num(b.height), num(b.at)))),
    ),
  );
}
