/**
 * A chart card of the Evolution section: a title, a Chart.js canvas drawing `EvoLine`s (per-generation
 * series or the loss shape) on linear axes, an optional right-hand axis, and a small legend of the
 * lines that have one. Redrawn by its section when the evolution data, the theme or the page epoch change.
 */
import { Chart, Interaction, type ChartDataset, type ChartEvent, type ChartOptions, type InteractionItem, type InteractionModeFunction, type TooltipItem } from 'chart.js';
import { getRelativePosition } from 'chart.js/helpers';
import { paletteColor, withAlpha } from '../model/colors';
import type { EvoColor, EvoLine } from '../model/evolution-series';
import { formatTick, formatValue } from '../model/format';
import { button, h } from './dom';
import { baseOptions } from './chart-base';
import type { LegendEntry } from './export-png';
import type { Theme } from './theme';
import { tooltipStyle } from './tooltip';

type Dataset = ChartDataset<'line', { x: number; y: number }[]>;

declare module 'chart.js' {
  interface InteractionModeMap {
    evoX: InteractionModeFunction;
  }
}

/** The lines behind each evolution chart's datasets (same order). */
const linesOf = new WeakMap<Chart, readonly EvoLine[]>();

/**
 * Tooltip items for the x nearest the pointer among the legend lines' points, one per line that has a
 * point at exactly that x (generations, or the loss-shape grid shared by every line).
 */
const evoX: InteractionModeFunction = (chart: Chart, e: ChartEvent) => {
  const pos = getRelativePosition(e as unknown as Event, chart as never);
  const area = chart.chartArea;
  if (pos.x < area.left || pos.x > area.right || pos.y < area.top || pos.y > area.bottom) return [];
  const lines = linesOf.get(chart) ?? [];
  const xv = chart.scales.x.getValueForPixel(pos.x) ?? 0;
  const shown = lines.map((l, i) => (l.legend && chart.isDatasetVisible(i) ? l : undefined));
  let best: number | undefined;
  for (const l of shown) for (const p of l?.points ?? []) if (best === undefined || Math.abs(p.x - xv) < Math.abs(best - xv)) best = p.x;
  if (best === undefined) return [];
  const items: InteractionItem[] = [];
  shown.forEach((l, datasetIndex) => {
    const index = l?.points.findIndex((p) => p.x === best) ?? -1;
    const element = index >= 0 ? chart.getDatasetMeta(datasetIndex).data[index] : undefined;
    if (element) items.push({ element, datasetIndex, index });
  });
  return items;
};

let registered = false;

function registerEvoX(): void {
  if (registered) return;
  registered = true;
  Interaction.modes.evoX = evoX;
}

export interface EvolutionChartDef {
  id: string;
  title: string;
  xTitle: string;
  /** Tooltip title for an x value (e.g. "generation 4", "p = 0.25"). */
  xLabel: (x: number) => string;
  /** Whole-number x ticks (generations). */
  integerX: boolean;
  /** A right-hand axis for lines with `right` set. */
  right?: { title: string };
  /** Text under the chart (what is plotted). */
  note?: string;
  /** Side view: smaller fonts, no y-axis titles. */
  compact?: boolean;
}

export interface EvolutionChartInput {
  lines: readonly EvoLine[];
  theme: Theme;
  yTitle: string;
  xMin?: number;
  xMax?: number;
  yMin?: number;
  yMax?: number;
  rightMin?: number;
}

export function evoColor(c: EvoColor, theme: Theme): string {
  if (c === 'muted') return theme.muted;
  if (c === 'foreground') return theme.foreground;
  return paletteColor(theme.palette, c);
}

export class EvolutionChart {
  readonly el: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  private chart: Chart<'line', { x: number; y: number }[]> | undefined;
  private lines: readonly EvoLine[] = [];
  private readonly legend = h('div', { class: 'evo-legend' });
  private readonly empty = h('div', { class: 'empty' }, 'No generations yet');
  private readonly noteEl: HTMLElement;
  private themeOf: Theme | undefined;
  private legendKey = '';

  constructor(readonly def: EvolutionChartDef, exportPng?: (chart: EvolutionChart) => void) {
    registerEvoX();
    const id = `chart-${def.id}`;
    this.canvas = h('canvas', { role: 'img', 'aria-label': `${def.title} chart` });
    this.noteEl = h('p', { class: 'evo-note' }, def.note ?? '');
    this.noteEl.hidden = !def.note;
    this.el = h(
      'section',
      { class: 'card evo-card', id, 'aria-labelledby': `${id}-title` },
      h(
        'header',
        { class: 'card-head' },
        h('div', { class: 'card-name' }, h('h3', { id: `${id}-title`, class: 'card-title' }, def.title)),
        this.legend,
        ...(exportPng ? [h('div', { class: 'card-tools' }, button('PNG', 'Save this chart as a PNG image', () => exportPng(this), 'btn', `Save ${def.title} as PNG`))] : []),
      ),
      h('div', { class: 'chart-box' }, this.canvas, this.empty),
      this.noteEl,
    );
  }

  /** The legend as drawn (for PNG export). */
  legendEntries(theme: Theme): LegendEntry[] {
    return this.lines.filter((l) => l.legend).map((l) => ({ label: l.label, color: withAlpha(evoColor(l.color, theme), l.alpha), dashed: l.dashed }));
  }

  setNote(text: string): void {
    if (this.noteEl.textContent !== text) this.noteEl.textContent = text;
    this.noteEl.hidden = !text;
  }

  setEmptyText(text: string): void {
    if (this.empty.textContent !== text) this.empty.textContent = text;
  }

  draw(input: EvolutionChartInput): void {
    const chart = this.ensureChart(input.theme);
    this.lines = input.lines;
    const opts = this.options(input);
    chart.options = opts;
    chart.data.datasets = input.lines.map((l) => this.dataset(l, input.theme));
    linesOf.set(chart as unknown as Chart, input.lines);
    this.empty.hidden = input.lines.some((l) => l.points.length > 0 && !l.reference);
    this.renderLegend(input.theme);
    chart.update('none');
  }

  destroy(): void {
    this.chart?.destroy();
    this.chart = undefined;
  }

  private ensureChart(theme: Theme): Chart<'line', { x: number; y: number }[]> {
    if (!this.chart) {
      this.themeOf = theme;
      this.chart = new Chart(this.canvas, { type: 'line', data: { datasets: [] }, options: { animation: false, responsive: true, maintainAspectRatio: false } });
    }
    return this.chart;
  }

  private dataset(l: EvoLine, theme: Theme): Dataset {
    const c = withAlpha(evoColor(l.color, theme), l.alpha);
    return {
      label: l.label,
      data: l.points,
      yAxisID: l.right ? 'y2' : 'y',
      borderColor: c,
      backgroundColor: c,
      borderWidth: l.width,
      borderDash: l.dashed ? [6, 4] : [],
      pointRadius: l.markers ? 2.5 : 0,
      pointHoverRadius: l.legend ? 4 : 0,
      pointHitRadius: l.legend ? 4 : 0,
      tension: 0,
      fill: false,
      spanGaps: true,
      order: l.legend ? 0 : 1,
    };
  }

  private renderLegend(theme: Theme): void {
    const shown = this.lines.filter((l) => l.legend);
    const key = [theme.palette.join(','), theme.muted, ...shown.map((l) => `${l.id}:${l.label}:${l.dashed}`)].join('|');
    if (key === this.legendKey && this.themeOf === theme) return;
    this.legendKey = key;
    this.themeOf = theme;
    this.legend.replaceChildren(
      ...shown.map((l) => {
        const swatch = h('span', { class: l.dashed ? 'swatch dashed' : 'swatch', 'aria-hidden': 'true' });
        swatch.style.setProperty('--swatch', evoColor(l.color, theme));
        return h('span', { class: 'evo-legend-item' }, swatch, l.label);
      }),
    );
  }

  private options(input: EvolutionChartInput): ChartOptions<'line'> {
    const { theme } = input;
    const def = this.def;
    const font = { family: theme.fontFamily, size: def.compact ? 10 : 11 };
    const axis = (title: string, isY = true): Record<string, unknown> => ({
      title: { display: !(def.compact && isY), text: title, color: theme.muted, font, padding: { top: 2, bottom: 0 } },
      grid: { color: theme.grid, tickColor: theme.grid },
      border: { color: theme.border },
    });
    const hasRight = !!def.right && input.lines.some((l) => l.right);
    return {
      ...baseOptions(theme, font),
      normalized: true,
      layout: { padding: { top: 4, right: 10, left: 0, bottom: 0 } },
      interaction: { mode: 'evoX', intersect: false },
      scales: {
        x: {
          type: 'linear',
          min: input.xMin,
          max: input.xMax,
          ...axis(def.xTitle, false),
          ticks: { color: theme.muted, font, maxRotation: 0, autoSkipPadding: 12, maxTicksLimit: 11, includeBounds: false, precision: def.integerX ? 0 : undefined, callback: (v) => formatTick(Number(v)) },
        },
        y: {
          type: 'linear',
          min: input.yMin,
          max: input.yMax,
          ...axis(input.yTitle),
          ticks: { color: theme.muted, font, maxTicksLimit: 7, includeBounds: false, callback: (v) => formatTick(Number(v)) },
          afterFit: (scale) => {
            scale.width = Math.max(scale.width, 48);
          },
        },
        y2: {
          type: 'linear',
          display: hasRight,
          position: 'right',
          min: input.rightMin,
          ...axis(def.right?.title ?? ''),
          grid: { drawOnChartArea: false, color: theme.grid, tickColor: theme.grid },
          ticks: { color: theme.muted, font, maxTicksLimit: 7, callback: (v) => formatTick(Number(v)) },
        },
      },
      plugins: {
        tooltip: {
          ...tooltipStyle(theme),
          filter: (item: TooltipItem<'line'>) => this.lines[item.datasetIndex]?.legend ?? false,
          callbacks: {
            title: (items) => (items[0] ? def.xLabel((items[0].raw as { x: number }).x) : ''),
            label: (item) => `${this.lines[item.datasetIndex]?.label ?? ''}   ${formatValue((item.raw as { y: number }).y, 5)}`,
            labelColor: (item) => {
              const l = this.lines[item.datasetIndex];
              const c = l ? evoColor(l.color, theme) : theme.foreground;
              return { borderColor: c, backgroundColor: c, borderWidth: 0 };
            },
          },
        },
      },
    };
  }
}
