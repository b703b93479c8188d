/**
 * The objective against the swept value, for one-parameter sweeps: per base arm a line through the
 * mean over seeds, each seed a faint point. The x axis is logarithmic for log grids and for values
 * spanning more than two decades.
 */
import { Chart, type ActiveElement, type ChartEvent, type TooltipItem } from 'chart.js';
import { paletteColor, withAlpha } from '../model/colors';
import { formatValue } from '../model/format';
import type { Direction } from '../model/pareto';
import type { ParamSeries } from '../model/sweep-model';
import { button, h } from './dom';
import { axisTitle } from './sweep-pareto';
import { registerScatter, scatterOptions, type ScatterChart, type ScatterDataset } from './sweep-chart';
import type { Theme } from './theme';

export interface ParamInput {
  series: readonly ParamSeries[];
  /** Arms that are not swept: a dashed level across the chart at their objective. */
  baselines: readonly { baseArm: string; name: string; y: number }[];
  colorIndex: ReadonlyMap<string, number>;
  key: string;
  log: boolean;
  objective: string;
  dir: Direction;
  /** Trial name at (base arm, swept value), for clicks. */
  trialAt(baseArm: string, x: number): string | undefined;
  theme: Theme;
}

export class ParamCard {
  readonly el: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  private chart: ScatterChart | undefined;
  readonly title = h('h3', { class: 'card-title', id: 'sweep-param-title' });
  private readonly empty = h('div', { class: 'empty' }, 'Waiting for finished trials…');
  /** Per dataset: its base arm and whether it is the seeds' points. */
  private meta: { baseArm: string; seeds: boolean; seedOf?: number[]; baseline?: string }[] = [];

  constructor(private readonly focusTrial: (name: string) => void, exportPng: () => void) {
    registerScatter();
    this.canvas = h('canvas', { role: 'img', 'aria-label': 'Objective against the swept parameter' });
    this.el = h(
      'section',
      { class: 'card sweep-card', id: 'sweep-param', 'aria-labelledby': 'sweep-param-title' },
      h('header', { class: 'card-head' }, this.title, h('div', { class: 'card-tools' }, button('PNG', 'Save this chart as a PNG image', exportPng, 'btn', 'Save the objective-against-parameter chart as PNG'))),
      h('div', { class: 'chart-box sweep-box' }, this.canvas, this.empty),
    );
  }

  draw(input: ParamInput): void {
    this.title.textContent = `${input.objective} against ${input.key}`;
    const datasets: ScatterDataset[] = [];
    this.meta = [];
    for (const s of input.series) {
      const c = paletteColor(input.theme.palette, input.colorIndex.get(s.baseArm) ?? 0);
      datasets.push({
        label: s.baseArm,
        data: s.line.map((p) => ({ x: p.x, y: p.y })),
        showLine: true,
        borderColor: c,
        backgroundColor: c,
        borderWidth: 1.75,
        pointRadius: 3,
        pointHoverRadius: 5,
        order: 0,
      });
      this.meta.push({ baseArm: s.baseArm, seeds: false });
      datasets.push({
        label: `${s.baseArm} seeds`,
        data: s.seeds.map((p) => ({ x: p.x, y: p.y })),
        showLine: false,
        borderColor: withAlpha(c, 0.45),
        backgroundColor: withAlpha(c, 0.3),
        pointRadius: 2.5,
        pointHoverRadius: 4,
        order: 1,
      });
      this.meta.push({ baseArm: s.baseArm, seeds: true, seedOf: s.seeds.map((p) => p.seed) });
    }
    const xs = input.series.flatMap((s) => s.line.concat(s.seeds).map((p) => p.x));
    if (xs.length) {
      const lo = Math.min(...xs);
      const hi = Math.max(...xs);
      for (const b of input.baselines) {
        const c = paletteColor(input.theme.palette, input.colorIndex.get(b.baseArm) ?? 0);
        datasets.push({
          label: `${b.name} (baseline)`,
          data: [{ x: lo, y: b.y }, { x: hi, y: b.y }],
          showLine: true,
          borderColor: withAlpha(c, 0.8),
          backgroundColor: c,
          borderWidth: 1.25,
          borderDash: [5, 4],
          pointRadius: 0,
          pointHoverRadius: 3,
          pointHitRadius: 4,
          order: 2,
        });
        this.meta.push({ baseArm: b.baseArm, seeds: false, baseline: b.name });
      }
    }
    this.empty.hidden = input.series.some((s) => s.line.length + s.seeds.length > 0);
    const chart = this.ensureChart();
    const xLabel = input.key;
    const options = scatterOptions(input.theme, { x: `${xLabel}${input.log ? ' (log)' : ''}`, y: axisTitle(input.objective, input.dir), xLog: input.log }, {
      title: (items) => {
        const it = items[0];
        if (!it) return '';
        const m = this.meta[it.datasetIndex];
        if (m?.baseline) return `${m.baseline} (not swept)`;
        return `${m?.baseArm ?? ''} · ${xLabel}=${formatValue(it.parsed.x ?? NaN, 4)}`;
      },
      label: (item: TooltipItem<'scatter'>) => {
        const m = this.meta[item.datasetIndex];
        const v = formatValue(item.parsed.y ?? NaN, 5);
        if (m?.baseline) return `${input.objective} ${v}`;
        return m?.seeds ? `seed ${m.seedOf?.[item.dataIndex] ?? '?'}: ${input.objective} ${v}` : `mean: ${input.objective} ${v}`;
      },
    });
    options.onClick = (_e: ChartEvent, elements: ActiveElement[]) => {
      const el = elements[0];
      const m = el && this.meta[el.datasetIndex];
      const x = el && (chart.data.datasets[el.datasetIndex]?.data[el.index] as { x: number } | undefined)?.x;
      const name = m?.baseline ?? (m && x !== undefined ? input.trialAt(m.baseArm, x) : undefined);
      if (name) this.focusTrial(name);
    };
    chart.options = options;
    chart.data.datasets = datasets;
    chart.update('none');
  }

  destroy(): void {
    this.chart?.destroy();
    this.chart = undefined;
  }

  private ensureChart(): ScatterChart {
    if (!this.chart) this.chart = new Chart(this.canvas, { type: 'scatter', data: { datasets: [] }, options: {} }) as ScatterChart;
    return this.chart;
  }
}
