/**
 * The 2-D slice as a contour plot: filled bands between log-spaced loss levels (viridis, low loss
 * dark) with iso-lines, a colour bar with the levels' values on the right, and the arms' solutions
 * marked and labelled at their coordinates (the centre at (0, 0); with 'arms' directions the next two
 * at (1, 0) and (0, 1)). Hovering shows the nearest grid point's α, β, loss and metric. Drawn by a
 * Chart.js plugin under the markers, so axes, tooltip and PNG export are those of the other charts.
 */
import type { Chart, Plugin } from 'chart.js';
import type { LandscapeResult } from '../../src/shared/analysis/types';
import { paletteColor } from '../model/colors';
import { inkOn, rgbString, viridis, type Rgb } from '../model/colormap';
import { contourBands, type Band } from '../model/contour-bands';
import { bandOf, logLevels, positiveRange } from '../model/contour-levels';
import { formatTick, formatValue } from '../model/format';
import { armPositions, metricTitle, type ArmPosition } from '../model/landscape-model';
import type { AnalysisCard, AnalysisDataset } from './analysis-card';
import { analysisOptions } from './analysis-axes';
import { h } from './dom';
import type { Theme } from './theme';

/** A slice's levels, bands and band colours (computed once per result). */
export interface ContourModel {
  levels: number[];
  bands: Band[];
  colors: Rgb[];
  arms: ArmPosition[];
}

const models = new WeakMap<LandscapeResult, ContourModel>();

export function contourModel(r: LandscapeResult): ContourModel | undefined {
  const cached = models.get(r);
  if (cached) return cached;
  const range = positiveRange(r.slice.loss);
  if (!range || !r.slice.y) return undefined;
  const levels = logLevels(range.min, range.max);
  const lo = Math.log10(levels[0]);
  const span = Math.log10(levels[levels.length - 1]) - lo;
  // Each band takes the colour map at its middle, in log10(loss): bands of unequal width (1, 2, 5) are coloured in proportion.
  const colors = levels.slice(0, -1).map((l, i) => viridis((Math.log10(l * levels[i + 1]) / 2 - lo) / span));
  const m = { levels, bands: contourBands(r.slice.loss, r.slice.x, r.slice.y, levels), colors, arms: armPositions(r) };
  models.set(r, m);
  return m;
}

const COLORBAR_PAD = 78;

/** What the plugin draws for the chart it is attached to (set before each update). */
const drawn = new WeakMap<HTMLCanvasElement, { model: ContourModel; theme: Theme; result: LandscapeResult }>();

function onFrame(x: number, y: number, xs: readonly number[], ys: readonly number[]): boolean {
  return x === xs[0] || x === xs[xs.length - 1] || y === ys[0] || y === ys[ys.length - 1];
}

function drawBands(chart: Chart): void {
  const d = drawn.get(chart.canvas);
  if (!d || !d.result.slice.y) return;
  const { ctx, chartArea: a, scales } = chart;
  const { x: xs, y: ys } = { x: d.result.slice.x, y: d.result.slice.y };
  const px = (v: number): number => scales.x.getPixelForValue(v);
  const py = (v: number): number => scales.y.getPixelForValue(v);
  ctx.save();
  ctx.beginPath();
  ctx.rect(a.left, a.top, a.right - a.left, a.bottom - a.top);
  ctx.clip();
  d.model.bands.forEach((band, i) => {
    ctx.beginPath();
    for (const ring of band.rings) ring.forEach(([x, y], k) => (k === 0 ? ctx.moveTo(px(x), py(y)) : ctx.lineTo(px(x), py(y))));
    ctx.fillStyle = rgbString(d.model.colors[i]);
    ctx.fill('evenodd');
  });
  // Iso-lines: each band's outline, except where it runs along the slice's edge.
  ctx.lineWidth = 0.8;
  d.model.bands.forEach((band, i) => {
    if (i === 0) return;
    ctx.beginPath();
    for (const ring of band.rings) {
      for (let k = 1; k < ring.length; k++) {
        const [x0, y0] = ring[k - 1];
        const [x1, y1] = ring[k];
        const edge = onFrame(x0, y0, xs, ys) && onFrame(x1, y1, xs, ys) && (x0 === x1 || y0 === y1);
        if (edge) continue;
        ctx.moveTo(px(x0), py(y0));
        ctx.lineTo(px(x1), py(y1));
      }
    }
    ctx.strokeStyle = inkOn(d.model.colors[i], 0.4);
    ctx.stroke();
  });
  ctx.restore();
}

/** The colour bar: one segment per band, in proportion to log10(loss), each level labelled (every other one when crowded). */
function drawColorBar(chart: Chart): void {
  const d = drawn.get(chart.canvas);
  if (!d) return;
  const { ctx, chartArea: a } = chart;
  const { levels, colors } = d.model;
  const x = a.right + 14;
  const w = 12;
  const lo = Math.log10(levels[0]);
  const span = Math.log10(levels[levels.length - 1]) - lo;
  const yOf = (v: number): number => a.bottom - ((Math.log10(v) - lo) / span) * (a.bottom - a.top);
  ctx.save();
  colors.forEach((c, i) => {
    ctx.fillStyle = rgbString(c);
    ctx.fillRect(x, yOf(levels[i + 1]), w, yOf(levels[i]) - yOf(levels[i + 1]));
  });
  ctx.strokeStyle = d.theme.border;
  ctx.strokeRect(x + 0.5, a.top + 0.5, w - 1, a.bottom - a.top - 1);
  ctx.fillStyle = d.theme.muted;
  ctx.font = `10px ${d.theme.fontFamily}`;
  ctx.textBaseline = 'middle';
  const every = Math.max(1, Math.ceil((levels.length * 13) / (a.bottom - a.top)));
  levels.forEach((v, i) => {
    if (i % every !== 0 && i !== levels.length - 1) return;
    ctx.fillText(formatTick(v), x + w + 4, yOf(v));
  });
  ctx.save();
  ctx.translate(chart.width - 6, (a.top + a.bottom) / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = 'center';
  ctx.fillText(`${d.result.lossName} (log scale)`, 0, 0);
  ctx.restore();
  ctx.restore();
}

/**
 * The arms' names beside their markers, in white on a dark halo (legible on every colour of the map):
 * above right of the marker, else the first of the other corners that stays in the plot and clear of
 * the labels placed before.
 */
function drawArmLabels(chart: Chart): void {
  const d = drawn.get(chart.canvas);
  if (!d) return;
  const { ctx, chartArea: a, scales } = chart;
  ctx.save();
  ctx.font = `600 11px ${d.theme.fontFamily}`;
  ctx.textBaseline = 'middle';
  ctx.lineJoin = 'round';
  const placed: { l: number; r: number; t: number; b: number }[] = [];
  for (const p of d.model.arms) {
    if (!p.inside) continue;
    const text = `${p.arm} (${formatValue(p.x, 3)}, ${formatValue(p.y, 3)})`;
    const w = ctx.measureText(text).width;
    const mx = scales.x.getPixelForValue(p.x);
    const my = scales.y.getPixelForValue(p.y);
    const corners = [[10, -12], [10, 12], [-10 - w, -12], [-10 - w, 12]].map(([dx, dy]) => ({ l: mx + dx, r: mx + dx + w, t: my + dy - 7, b: my + dy + 7 }));
    const fits = (c: (typeof corners)[number]): boolean => c.l >= a.left && c.r <= a.right && c.t >= a.top && c.b <= a.bottom;
    const clear = (c: (typeof corners)[number]): boolean => placed.every((q) => c.r < q.l || c.l > q.r || c.b < q.t || c.t > q.b);
    const found = corners.find((c) => fits(c) && clear(c)) ?? corners.find(fits);
    // Wider than either side of the marker: above it, shifted into the plot.
    const l = Math.max(a.left, Math.min(a.right - w, mx - w / 2));
    const box = found ?? { l, r: l + w, t: my - 26, b: my - 12 };
    placed.push(box);
    ctx.strokeStyle = 'rgba(0, 0, 0, 0.75)';
    ctx.lineWidth = 3;
    ctx.strokeText(text, box.l, (box.t + box.b) / 2);
    ctx.fillStyle = '#ffffff';
    ctx.fillText(text, box.l, (box.t + box.b) / 2);
  }
  ctx.restore();
}

export const contourPlugin: Plugin = {
  id: 'losslabContour',
  beforeDatasetsDraw: drawBands,
  afterDatasetsDraw: drawArmLabels,
  afterDraw: drawColorBar,
};

export function drawContour(card: AnalysisCard, r: LandscapeResult, theme: Theme, colorIndex: ReadonlyMap<string, number>): void {
  const model = contourModel(r);
  const y = r.slice.y;
  if (!model || !y) return;
  const { x, loss, metric } = r.slice;
  const grid: { x: number; y: number }[] = [];
  const at: [number, number][] = [];
  y.forEach((b, j) => x.forEach((a, i) => (grid.push({ x: a, y: b }), at.push([i, j]))));
  const armColor = (arm: string): string => paletteColor(theme.palette, colorIndex.get(arm) ?? 0);
  const markers: AnalysisDataset[] = model.arms.filter((p) => p.inside).map((p) => ({
    label: p.arm,
    data: [{ x: p.x, y: p.y }],
    pointRadius: 6,
    pointHoverRadius: 6,
    backgroundColor: armColor(p.arm),
    borderColor: '#ffffff',
    borderWidth: 2,
  }));
  const armAt = (a: number, b: number): string => model.arms.filter((p) => p.x === a && p.y === b).map((p) => ` (${p.arm}\u2019s solution)`).join('');
  const dirs = r.directions.kind === 'arms' ? (r.directions.towards ?? []).map((a) => `towards ${a}`) : ['random direction 1', 'random direction 2'];
  const options = analysisOptions(theme, {
    x: `α (${dirs[0]})`,
    y: `β (${dirs[1]})`,
    xMin: x[0],
    xMax: x[x.length - 1],
    yMin: y[0],
    yMax: y[y.length - 1],
    mode: 'nearest',
    padRight: COLORBAR_PAD,
    title: (items) => {
      const p = items.find((i) => i.datasetIndex === 0);
      return p ? `α ${formatValue(p.parsed.x ?? NaN, 3)}, β ${formatValue(p.parsed.y ?? NaN, 3)}${armAt(p.parsed.x ?? NaN, p.parsed.y ?? NaN)}` : '';
    },
    label: (item) => {
      if (item.datasetIndex !== 0) return '';
      const [i, j] = at[item.dataIndex];
      return [`loss ${formatValue(loss[j][i], 4)}`, `${metricTitle(r.metricName)} ${formatValue(metric[j][i], 4)}`];
    },
    color: (item) => {
      const [i, j] = at[item.dataIndex] ?? [0, 0];
      return rgbString(model.colors[bandOf(model.levels, loss[j][i])]);
    },
  });
  const hover: AnalysisDataset = { label: 'grid', data: grid, pointRadius: 0, pointHoverRadius: 3, pointHoverBorderColor: '#ffffff', pointHoverBackgroundColor: 'transparent', backgroundColor: 'transparent', borderColor: 'transparent' };
  drawn.set(card.canvas, { model, theme, result: r });
  // The hovered grid point also as text under the plot (read by screen readers; the tooltip is drawn in the canvas).
  const readout = card.below.querySelector('.analysis-readout') ?? h('p', { class: 'analysis-readout', 'aria-live': 'polite' });
  const idle = 'Hover the plot for α, β, the loss and the metric at the nearest grid point.';
  if (!readout.textContent) readout.textContent = idle;
  options.onHover = (_e, elements) => {
    const el = elements.find((e) => e.datasetIndex === 0);
    if (!el) return void (readout.textContent = idle);
    const [i, j] = at[el.index];
    readout.textContent = `α ${formatValue(x[i], 4)}, β ${formatValue(y[j], 4)}${armAt(x[i], y[j])}: loss ${formatValue(loss[j][i], 5)}, ${metricTitle(r.metricName)} ${formatValue(metric[j][i], 4)}`;
  };
  card.draw([hover, ...markers], options, [contourPlugin]);
  card.setLegend(model.arms.map((p) => ({ label: p.inside ? `${p.arm} (${formatValue(p.x, 3)}, ${formatValue(p.y, 3)})` : `${p.arm} at (${formatValue(p.x, 3)}, ${formatValue(p.y, 3)}), outside the slice`, color: armColor(p.arm), dashed: false })));
  const note = `centre ${r.center} + α·d₁ + β·d₂ on a ${x.length}×${y.length} grid; bands between log-spaced levels of the ${r.lossName}.`;
  if (!card.below.contains(readout)) card.below.replaceChildren(readout, h('p', { class: 'analysis-note' }, note));
}
