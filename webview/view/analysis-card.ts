/**
 * A card of the Analysis section: a title, optional choices (a select), PNG and CSV buttons, a
 * Chart.js scatter canvas (lines drawn with `showLine`), a legend, and room under the chart for a
 * table or note. The chart is made on the first draw and redrawn whole on each (its data are small).
 */
import { Chart, type ChartDataset, type ChartOptions } from 'chart.js';
import { button, h } from './dom';
import type { LegendEntry } from './export-png';
import { registerScatter } from './sweep-chart';

export type XY = { x: number; y: number };
export type AnalysisDataset = ChartDataset<'scatter', XY[]>;

export interface AnalysisCardDef {
  /** Element id (also the chart's id in the browser tests). */
  id: string;
  title: string;
  /** Class of the chart box (its size): 'chart-box' or 'chart-box contour-box'. */
  boxClass?: string;
  /** A select in the header: options as [value, label], and what to do on change. */
  choice?: { label: string; options: [string, string][]; onChange: (value: string) => void };
  png: (card: AnalysisCard) => void;
  csv: () => void;
}

export class AnalysisCard {
  readonly el: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  readonly below = h('div', { class: 'analysis-below' });
  readonly select?: HTMLSelectElement;
  legend: LegendEntry[] = [];
  private chart: Chart<'scatter', XY[]> | undefined;
  private readonly legendEl = h('div', { class: 'analysis-legend' });

  constructor(readonly def: AnalysisCardDef) {
    registerScatter();
    this.canvas = h('canvas', { role: 'img', 'aria-label': `${def.title} chart` });
    const tools: HTMLElement[] = [];
    if (def.choice) {
      const { label, options, onChange } = def.choice;
      this.select = h('select', { class: 'axis-select', 'aria-label': `${def.title}: ${label}`, title: label }, ...options.map(([v, text]) => h('option', { value: v }, text)));
      this.select.addEventListener('change', () => onChange(this.select!.value));
      tools.push(this.select);
    }
    tools.push(
      button('PNG', 'Save this chart as a PNG image', () => def.png(this), 'btn', `Save ${def.title} as PNG`),
      button('CSV', 'Save the numbers behind this chart as CSV', def.csv, 'btn', `Save ${def.title} as CSV`),
    );
    this.el = h(
      'section',
      { class: 'card analysis-card', id: def.id, 'aria-labelledby': `${def.id}-title` },
      h('header', { class: 'card-head' }, h('div', { class: 'card-name' }, h('h3', { id: `${def.id}-title`, class: 'card-title' }, def.title)), h('div', { class: 'card-tools' }, ...tools)),
      this.legendEl,
      h('div', { class: def.boxClass ?? 'chart-box' }, this.canvas),
      this.below,
    );
  }

  /** Replaces the chart's datasets and options (and plugins, which Chart.js takes only at creation). */
  draw(datasets: AnalysisDataset[], options: ChartOptions<'scatter'>, plugins: Chart['config']['plugins'] = []): void {
    if (!this.chart) {
      this.chart = new Chart(this.canvas, { type: 'scatter', data: { datasets }, options, plugins: plugins as never });
      return;
    }
    this.chart.options = options;
    this.chart.data.datasets = datasets;
    this.chart.update('none');
  }

  get instance(): Chart<'scatter', XY[]> | undefined {
    return this.chart;
  }

  /** The legend above the chart (HTML) and for the PNG; `swatch` is a CSS background for each entry. */
  setLegend(entries: (LegendEntry & { swatch?: string })[]): void {
    this.legend = entries;
    this.legendEl.replaceChildren(
      ...entries.map((e) => {
        const sw = h('span', { class: e.swatch ? 'swatch gradient' : e.dashed ? 'swatch dashed' : 'swatch', 'aria-hidden': 'true' });
        sw.style.setProperty('--swatch', e.swatch ?? e.color);
        return h('span', { class: 'analysis-legend-item' }, sw, e.label);
      }),
    );
  }

  destroy(): void {
    this.chart?.destroy();
    this.chart = undefined;
  }
}
