/**
 * One analysis result of the run, as a collapsible group of cards: a landscape's paths card and its
 * slice (a contour plot for 2-D, a line for 1-D); a Hessian's spectrum card. Each card exports its
 * chart as PNG and its numbers as CSV, named after the result file.
 */
import type { HessianResult, LandscapeResult } from '../../src/shared/analysis/types';
import type { AnalysisEntry } from '../../src/shared/protocol/webview';
import { hessianCsv, pathsCsv, sliceCsv } from '../model/analysis-csv';
import { formatValue } from '../model/format';
import { metricTitle } from '../model/landscape-model';
import { AnalysisCard } from './analysis-card';
import { drawContour } from './contour-chart';
import { h } from './dom';
import type { LegendEntry } from './export-png';
import { drawHessian } from './hessian-card';
import { drawPaths } from './landscape-paths';
import { drawSliceLine } from './slice-line';
import type { Theme } from './theme';

export interface AnalysisExports {
  /** Save a chart as PNG (posts `save`); `id` names the file. */
  exportChartPng(canvas: HTMLCanvasElement, title: string, legend: LegendEntry[], id: string): void;
  /** Save CSV text (posts `save`) as `name`. */
  exportAnalysisCsv(name: string, csv: string): void;
}

type Which = 'loss' | 'metric';

/** The file's name without folder and extension, e.g. `landscape-ce-seed-0-val`. */
export function fileStem(file: string): string {
  return (file.split('/').pop() ?? file).replace(/\.json$/i, '');
}

function landscapeTitle(r: LandscapeResult): string {
  const dims = r.slice.y ? `${r.slice.x.length}×${r.slice.y.length}` : `${r.slice.x.length}-point 1-D`;
  const dirs = r.directions.kind === 'arms' ? `towards ${(r.directions.towards ?? []).join(' and ')}` : 'random directions';
  return `Landscape around ${r.center} · seed ${r.seed} · ${r.split} · ${dirs} · ${dims} slice · ${r.evaluations.toLocaleString('en-US')} evaluations, ${formatValue(r.seconds, 2)} s`;
}

function hessianTitle(r: HessianResult): string {
  return `Hessian at ${r.arm} · seed ${r.seed} · ${r.split} · top ${r.top.values.length}${r.density ? ' and density' : ''}`;
}

export class AnalysisGroup {
  readonly el: HTMLDetailsElement;
  readonly cards: AnalysisCard[] = [];
  private readonly redraw: (() => void)[] = [];
  private last: { theme: Theme; colorIndex: ReadonlyMap<string, number> } | undefined;

  constructor(readonly entry: AnalysisEntry, slug: string, act: AnalysisExports, open: boolean, onToggle: (open: boolean) => void) {
    const r = entry.result;
    const stem = fileStem(entry.file);
    const card = (id: string, title: string, extra: Partial<ConstructorParameters<typeof AnalysisCard>[0]>, csv: () => string): AnalysisCard => {
      const c: AnalysisCard = new AnalysisCard({
        id: `chart-an-${slug}-${id}`,
        title,
        png: (self) => act.exportChartPng(self.canvas, `${title} · ${r.kind === 'landscape' ? `seed ${r.seed}, ${r.split}` : `${r.arm}, seed ${r.seed}, ${r.split}`}`, self.legend, `${stem}-${id}`),
        csv: () => act.exportAnalysisCsv(`${stem}-${id}.csv`, csv()),
        ...extra,
      });
      this.cards.push(c);
      return c;
    };
    const choice = (onChange: (w: Which) => void, metricName: string, lossName: string) => ({
      label: 'Value shown',
      options: [['loss', `task loss (${lossName})`], ['metric', metricTitle(metricName)]] as [string, string][],
      onChange: (v: string) => onChange(v === 'metric' ? 'metric' : 'loss'),
    });
    if (r.kind === 'landscape') {
      let pathWhich: Which = 'loss';
      let sliceWhich: Which = 'loss';
      const paths = card('paths', 'Along the paths', { choice: choice((w) => ((pathWhich = w), this.draw()), r.metricName, r.lossName) }, () => pathsCsv(r));
      this.redraw.push(() => this.last && drawPaths(paths, { result: r, ...this.last }, pathWhich));
      if (r.slice.y) {
        const slice = card('slice', `2-D slice around ${r.center}`, { boxClass: 'chart-box contour-box' }, () => sliceCsv(r));
        this.redraw.push(() => this.last && drawContour(slice, r, this.last.theme, this.last.colorIndex));
      } else {
        const slice = card('slice', `1-D slice around ${r.center}`, { choice: choice((w) => ((sliceWhich = w), this.draw()), r.metricName, r.lossName) }, () => sliceCsv(r));
        this.redraw.push(() => this.last && drawSliceLine(slice, r, this.last.theme, this.last.colorIndex, sliceWhich));
      }
    } else {
      const spectrum = card('hessian', `Hessian spectrum at ${r.arm}`, {}, () => hessianCsv(r));
      this.redraw.push(() => this.last && drawHessian(spectrum, r, this.last.theme, this.last.colorIndex));
    }
    const summary = h('summary', { class: 'analysis-summary' }, h('span', { class: 'analysis-name' }, r.kind === 'landscape' ? landscapeTitle(r) : hessianTitle(r)), h('span', { class: 'analysis-file' }, entry.file));
    this.el = h('details', { class: `analysis-group analysis-${r.kind}`, 'data-file': entry.file }, summary, h('div', { class: 'analysis-cards' }, ...this.cards.map((c) => c.el)));
    this.el.open = open;
    this.el.addEventListener('toggle', () => {
      onToggle(this.el.open);
      this.draw();
    });
  }

  /** Draws the cards with this theme and these arm colours (only while the group is open; opening it draws). */
  draw(theme?: Theme, colorIndex?: ReadonlyMap<string, number>): void {
    if (theme && colorIndex) this.last = { theme, colorIndex };
    if (!this.el.open || !this.last) return;
    this.redraw.forEach((f) => f());
  }

  destroy(): void {
    this.cards.forEach((c) => c.destroy());
  }
}
