/**
 * Below the Verdict section: *when* an arm pulls ahead of the baseline. One line per arm on the area
 * under the main validation curve (speed), then the difference-curve chart (`curve-diff-chart.ts`).
 * Shown only when some arm shares ≥ 2 seeds with the baseline (`model/curve-diff.ts`); not for sweeps
 * nor in the compact side view. Recomputed when the metric's curves, the summary or the page epoch change.
 */
import { assignColorIndices } from '../model/colors';
import { curveDiffModel, mainEvalMetric, type CurveDiffRunLike } from '../model/curve-diff';
import { CurveDiffChart, DIFF_CHART_TITLE } from './curve-diff-chart';
import { h } from './dom';
import type { LegendEntry } from './export-png';
import type { Theme } from './theme';

export interface CurveDiffActions {
  /** Save a chart as PNG (posts `save`). */
  exportChartPng(canvas: HTMLCanvasElement, title: string, legend: LegendEntry[], id: string): void;
}

export interface CurveDiffInput {
  run: CurveDiffRunLike & { key: string; changedAt(metrics: Iterable<string>): number };
  theme: Theme;
  epoch: number;
}

export class CurveDiffSection {
  readonly el = h('section', { class: 'verdict-curves', 'aria-label': 'Difference along training' });
  private chart: CurveDiffChart | undefined;
  private readonly title = h('h3', {});
  private readonly areas = h('ul', { class: 'verdict-areas' });
  private drawnKey = '';
  private summaryShown: unknown;

  constructor(private readonly act: CurveDiffActions) {
    this.el.hidden = true;
  }

  destroy(): void {
    this.chart?.destroy();
  }

  render({ run, theme, epoch }: CurveDiffInput): void {
    const metric = run.sweep ? undefined : mainEvalMetric(run);
    const key = [run.key, epoch, metric, metric ? run.changedAt([metric]) : 0, run.arms.length].join('|');
    if (key === this.drawnKey && this.summaryShown === run.summary) return;
    this.drawnKey = key;
    this.summaryShown = run.summary;
    const model = run.key ? curveDiffModel(run) : undefined;
    this.el.hidden = !model;
    if (!model) return;
    if (!this.chart) {
      const chart = new CurveDiffChart(() => this.act.exportChartPng(chart.canvas, DIFF_CHART_TITLE, chart.legendEntries(), 'verdict-diff'));
      this.chart = chart;
      this.el.replaceChildren(this.title, this.areas, chart.el);
    }
    this.title.textContent = `Area under the ${model.metric} curve (speed: its average level over training)`;
    this.areas.replaceChildren(...model.arms.map((a) => h('li', { class: `verdict-row verdict-${a.areaDirection}` }, h('span', { class: 'verdict-text' }, a.areaText))));
    this.chart.draw(model, assignColorIndices(run.arms, []), theme);
  }
}
