/**
 * The Pareto card: every trial as a point of two final metrics (picked with two selectors), one
 * colour per base arm, each base arm's non-dominated front as a staircase. Points off the front are
 * drawn fainter; trials hidden in the legend fainter still. Hover shows the trial's parameters and
 * metrics; a click focuses the trial's curves in the per-step charts.
 */
import { Chart, type ActiveElement, type ChartEvent, type TooltipItem } from 'chart.js';
import { metricLabel } from '../model/chart-defs';
import { paletteColor, withAlpha } from '../model/colors';
import { formatValue } from '../model/format';
import type { Direction } from '../model/pareto';
import { paramsText, type ParetoGroup, type TrialPoint } from '../model/sweep-model';
import { button, h } from './dom';
import { registerScatter, scatterOptions, type ScatterChart, type ScatterDataset } from './sweep-chart';
import { errorBar, intervalText, metricInterval, type ErrorBar } from '../model/trial-intervals';
import { errorBarsPlugin, setErrorBars } from './error-bars';
import type { Theme } from './theme';

export interface ParetoInput {
  groups: readonly ParetoGroup[];
  /** Palette index per base arm. */
  colorIndex: ReadonlyMap<string, number>;
  metrics: readonly string[];
  x: string;
  y: string;
  dirs: { x: Direction; y: Direction };
  objective: string;
  /** Trial names hidden in the legend. */
  hidden: ReadonlySet<string>;
  theme: Theme;
}

export interface ParetoActions {
  setAxis(axis: 'x' | 'y', metric: string): void;
  focusTrial(name: string): void;
  exportPng(): void;
}

const ARROW: Record<Direction, string> = { min: '↓ better', max: '↑ better' };

export function axisTitle(metric: string, dir: Direction): string {
  return `${metricLabel(metric)} (${ARROW[dir]})`;
}

export class ParetoCard {
  readonly el: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  readonly xSelect: HTMLSelectElement;
  readonly ySelect: HTMLSelectElement;
  private chart: ScatterChart | undefined;
  /** Per dataset: the trial behind each point (undefined for a front line). */
  private trials: (TrialPoint[] | undefined)[] = [];
  private input: ParetoInput | undefined;
  private metricsKey = '';
  private readonly empty = h('div', { class: 'empty' }, 'Waiting for finished trials…');

  constructor(private readonly act: ParetoActions) {
    registerScatter();
    this.xSelect = h('select', { class: 'axis-select', 'aria-label': 'Pareto chart: x metric', title: 'Metric on the x axis' });
    this.ySelect = h('select', { class: 'axis-select', 'aria-label': 'Pareto chart: y metric', title: 'Metric on the y axis' });
    this.xSelect.addEventListener('change', () => act.setAxis('x', this.xSelect.value));
    this.ySelect.addEventListener('change', () => act.setAxis('y', this.ySelect.value));
    this.canvas = h('canvas', { role: 'img', 'aria-label': 'Pareto chart of the trials' });
    const png = button('PNG', 'Save this chart as a PNG image', () => act.exportPng(), 'btn', 'Save the Pareto chart as PNG');
    const tools = h('div', { class: 'card-tools axis-tools' }, h('label', {}, 'x ', this.xSelect), h('label', {}, 'y ', this.ySelect), png);
    this.el = h(
      'section',
      { class: 'card sweep-card', id: 'sweep-pareto', 'aria-labelledby': 'sweep-pareto-title' },
      h('header', { class: 'card-head' }, h('h3', { class: 'card-title', id: 'sweep-pareto-title', title: 'Each base arm\'s non-dominated trials are joined by a step line; click a point to show only that trial\'s curves' }, 'Pareto front'), tools),
      h('div', { class: 'chart-box sweep-box' }, this.canvas, this.empty),
    );
  }

  draw(input: ParetoInput): void {
    this.input = input;
    const metricsKey = input.metrics.join('\u0000');
    if (metricsKey !== this.metricsKey) {
      this.metricsKey = metricsKey;
      const options = (sel: HTMLSelectElement): void => sel.replaceChildren(...input.metrics.map((m) => h('option', { value: m }, metricLabel(m))));
      options(this.xSelect);
      options(this.ySelect);
    }
    if (this.xSelect.value !== input.x) this.xSelect.value = input.x;
    if (this.ySelect.value !== input.y) this.ySelect.value = input.y;
    const datasets: ScatterDataset[] = [];
    const bars: (ErrorBar[] | undefined)[] = [];
    this.trials = [];
    for (const g of input.groups) {
      const c = paletteColor(input.theme.palette, input.colorIndex.get(g.baseArm) ?? 0);
      const onFront = new Set(g.front);
      const alpha = (p: TrialPoint): number => (input.hidden.has(p.name) ? 0.18 : onFront.has(p) ? 1 : 0.5);
      datasets.push({
        label: `${g.baseArm} front`,
        data: g.steps.map((s) => ({ x: s.x, y: s.y })),
        showLine: true,
        borderColor: withAlpha(c, 0.85),
        borderWidth: 1.5,
        pointRadius: 0,
        pointHoverRadius: 0,
        pointHitRadius: 0,
        order: 1,
      });
      this.trials.push(undefined);
      bars.push(undefined, g.points.map((p) => errorBar(p, input.x, input.y)));
      datasets.push({
        label: g.baseArm,
        data: g.points.map((p) => ({ x: p.metrics[input.x], y: p.metrics[input.y] })),
        showLine: false,
        pointRadius: g.points.map((p) => (onFront.has(p) ? 4.5 : 3.5)),
        pointHoverRadius: 6,
        pointHitRadius: 4,
        pointBorderWidth: 1.5,
        pointBorderColor: g.points.map((p) => withAlpha(c, alpha(p))),
        pointBackgroundColor: g.points.map((p) => (onFront.has(p) ? withAlpha(c, alpha(p)) : withAlpha(c, alpha(p) * 0.35))),
        borderColor: c,
        backgroundColor: c,
        order: 0,
      });
      this.trials.push(g.points);
    }
    this.empty.hidden = input.groups.some((g) => g.points.length > 0);
    this.empty.textContent = input.metrics.length ? 'No trial has both metrics' : 'Waiting for finished trials…';
    const chart = this.ensureChart();
    const options = scatterOptions(input.theme, { x: axisTitle(input.x, input.dirs.x), y: axisTitle(input.y, input.dirs.y) }, {
      title: (items) => {
        const p = items[0] && this.trialOf(items[0]);
        return p ? p.name : '';
      },
      label: (item) => {
        const p = this.trialOf(item);
        return p ? `${p.baseArm} · ${paramsText(p.params, (v) => formatValue(v, 4))}` : '';
      },
      afterLabel: (item) => {
        const p = this.trialOf(item);
        return p ? this.describe(p) : '';
      },
      labelColor: (item) => {
        const c = item.dataset.borderColor as string;
        return { borderColor: c, backgroundColor: c };
      },
    });
    options.onClick = (_e: ChartEvent, elements: ActiveElement[]) => {
      const hit = elements.find((el) => this.trials[el.datasetIndex]);
      const p = hit && this.trials[hit.datasetIndex]?.[hit.index];
      if (p) this.act.focusTrial(p.name);
    };
    options.onHover = (e: ChartEvent, elements: ActiveElement[]) => {
      const target = e.native?.target as HTMLElement | undefined;
      if (target) target.style.cursor = elements.some((el) => this.trials[el.datasetIndex]) ? 'pointer' : 'default';
    };
    // The options object given to Chart.js (reading `chart.options` back gives a resolved copy).
    chart.options = options;
    chart.data.datasets = datasets;
    setErrorBars(chart as unknown as Chart, bars);
    chart.update('none');
    // For the browser harness: where each trial's point is drawn (CSS pixels in the canvas).
    if ((globalThis as { __LOSSLAB_DEBUG__?: boolean }).__LOSSLAB_DEBUG__ === true) this.canvas.dataset.points = JSON.stringify(this.pointsOnCanvas());
  }

  /** The trial points in drawing order with their positions in CSS pixels of the canvas. */
  pointsOnCanvas(): { name: string; x: number; y: number }[] {
    const chart = this.chart;
    if (!chart) return [];
    const out: { name: string; x: number; y: number }[] = [];
    this.trials.forEach((ts, d) => ts?.forEach((p, i) => {
      const el = chart.getDatasetMeta(d).data[i];
      if (el) out.push({ name: p.name, x: el.x, y: el.y });
    }));
    return out;
  }

  destroy(): void {
    this.chart?.destroy();
    this.chart = undefined;
  }

  private trialOf(item: TooltipItem<'scatter'>): TrialPoint | undefined {
    return this.trials[item.datasetIndex]?.[item.dataIndex];
  }

  private describe(p: TrialPoint): string[] {
    const input = this.input;
    const names = input ? [input.x, input.y, ...Object.keys(p.metrics).filter((m) => m !== input.x && m !== input.y).sort()] : Object.keys(p.metrics);
    const ci = (m: string): string => {
      const i = metricInterval(p, m);
      return i ? ` (${intervalText(i, (v) => formatValue(v, 4), false)})` : '';
    };
    const lines = names.filter((m) => p.metrics[m] !== undefined).slice(0, 12).map((m) => `${m}${m === input?.objective ? ' (objective)' : ''}: ${formatValue(p.metrics[m], 5)}${ci(m)}`);
    const seeds = p.seeds.length > 1 ? `mean of ${p.seeds.length} seeds` : `seed ${p.seeds[0]?.seed ?? '?'}`;
    return [...lines, `${seeds} · ${p.statusText} · click to show only its curves`];
  }

  private ensureChart(): ScatterChart {
    if (!this.chart) this.chart = new Chart(this.canvas, { type: 'scatter', data: { datasets: [] }, options: {}, plugins: [errorBarsPlugin] }) as ScatterChart;
    return this.chart;
  }
}
