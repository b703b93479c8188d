/**
 * One chart card: a header (title, metric selector, log toggle, reset zoom, PNG export) over a Chart.js
 * canvas. It rebuilds its lines only when something it draws changed (its metric's data, the UI, its
 * zoom or its width), downsampled to its own width and zoomed range.
 */
import { Chart, type ChartOptions, type Scale } from 'chart.js';
import { metricLabel, type ChartDef } from '../model/chart-defs';
import { formatDuration, formatTick, isNiceLogTick } from '../model/format';
import { ChartLines, type LineSpec, type ShownRun } from '../model/lines';
import { snapshotLines, snapshotXLabel } from '../model/snapshot-lines';
import type { BandMode } from '../model/curves';
import type { XMode } from '../model/stream';
import { robustRange } from '../model/y-range';
import { setSpecs } from './chart-setup';
import { toDatasets, type LineDataset } from './datasets';
import { button, h } from './dom';
import { baseOptions } from './chart-base';
import type { Theme } from './theme';
import { tooltipOptions } from './tooltip';
import { dropCrowdedEnd } from '../model/ticks';

export interface DrawInput {
  runs: readonly ShownRun[];
  xMode: XMode;
  smoothing: number;
  band: BandMode;
  ignoreOutliers: boolean;
  hidden: ReadonlySet<string>;
  colorIndex: ReadonlyMap<string, number>;
  theme: Theme;
  /** Bumps on any change of UI, theme, overlays or summaries: everything redraws. */
  epoch: number;
}

export interface CardHost {
  compact: boolean;
  isLog(def: ChartDef): boolean;
  setLog(def: ChartDef, on: boolean): void;
  metric(def: ChartDef): string | undefined;
  setMetric(def: ChartDef, metric: string): void;
  exportPng(card: ChartCard): void;
  requestFrame(): void;
}

const X_TITLES: Record<XMode, string> = { step: 'Step', epoch: 'Epoch', time: 'Wall time' };

export class ChartCard {
  readonly el: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  specs: readonly LineSpec[] = [];
  onScreen = true;
  private chart: Chart<'line', { x: number; y: number }[]> | undefined;
  /** The options object given to Chart.js (`chart.options` is a resolved copy until the next update). */
  private opts: ChartOptions<'line'> = {};
  private readonly lines = new ChartLines();
  private readonly reuse = new Map<string, LineDataset>();
  private readonly titleEl: HTMLElement;
  private readonly select: HTMLSelectElement;
  private readonly nameEl: HTMLElement;
  private readonly logBtn: HTMLButtonElement;
  private readonly resetBtn: HTMLButtonElement;
  private readonly empty: HTMLElement;
  private candidates: string[] = [];
  private drawnKey = '';
  private viewEpoch = 0;
  private themeOf: Theme | undefined;
  private xMode: XMode = 'step';

  constructor(readonly def: ChartDef, private readonly host: CardHost) {
    const id = `chart-${def.id}`;
    this.titleEl = h('h3', { id: `${id}-title`, class: 'card-title' }, def.title);
    this.select = h('select', { class: 'metric-select', 'aria-label': `${def.title} chart: metric`, title: 'Metric shown' });
    this.select.addEventListener('change', () => host.setMetric(def, this.select.value));
    this.logBtn = button('log', 'Logarithmic y axis', () => {
      const on = !host.isLog(def);
      this.logBtn.setAttribute('aria-pressed', String(on));
      host.setLog(def, on);
    }, 'btn toggle', 'log scale');
    this.resetBtn = button('⟲', 'Reset zoom (or double-click the chart)', () => this.resetZoom(), 'btn icon', 'Reset zoom');
    const png = button('PNG', 'Save this chart as a PNG image', () => host.exportPng(this), 'btn', `Save ${def.title} as PNG`);
    const tools = host.compact ? [] : [this.logBtn, this.resetBtn, png];
    const chevron = h('span', { class: 'chevron', 'aria-hidden': 'true' }, '▼');
    this.nameEl = h('div', { class: 'card-name' }, this.titleEl, ...(host.compact ? [] : [chevron, this.select]));
    this.canvas = h('canvas', { role: 'img', 'aria-label': `${def.title} chart` });
    this.empty = h('div', { class: 'empty' }, 'No data yet');
    this.el = h(
      'section',
      { class: 'card', id, 'aria-labelledby': `${id}-title` },
      h('header', { class: 'card-head' }, this.nameEl, h('div', { class: 'card-tools' }, ...tools)),
      h('div', { class: 'chart-box' }, this.canvas, this.empty),
    );
    this.canvas.addEventListener('dblclick', () => this.resetZoom());
  }

  get title(): string {
    return this.titleEl.textContent ?? this.def.title;
  }

  /** Sets the metrics this chart can show; returns whether it should be shown. */
  setCandidates(names: string[]): boolean {
    if (names.join('\u0000') !== this.candidates.join('\u0000')) {
      this.candidates = names;
      this.select.replaceChildren(...names.map((n) => h('option', { value: n }, metricLabel(n))));
      this.nameEl.classList.toggle('has-choice', names.length > 1 && !this.host.compact);
      this.select.hidden = names.length < 2 || this.host.compact;
      this.select.previousElementSibling?.toggleAttribute('hidden', this.select.hidden);
    }
    const current = this.host.metric(this.def);
    if (current && this.select.value !== current) this.select.value = current;
    const shown = names.length > 0 || this.def.core;
    this.el.hidden = !shown;
    return shown;
  }

  /**
   * Redraws if anything it shows changed since the last draw. A chart scrolled out of view is drawn
   * once, then left as it is until it comes back into view.
   */
  draw(input: DrawInput): void {
    if (this.el.hidden || (!this.onScreen && this.chart)) return;
    const metric = this.host.metric(this.def);
    const log = this.host.isLog(this.def);
    const chart = this.ensureChart(input.theme);
    const width = Math.max(50, chart.chartArea?.width ?? this.canvas.clientWidth);
    const buckets = Math.ceil(width / 2);
    const zoomed = chart.isZoomedOrPanned();
    const versions = input.runs.map((r) => (metric ? (this.def.snapshot ? r.run.snapshotVersion.get(metric) ?? 0 : r.run.changedAt([metric])) : 0));
    const key = [input.epoch, metric, log, this.viewEpoch, buckets, ...input.runs.map((r) => r.run.key), ...versions].join('|');
    if (key === this.drawnKey) return;
    this.drawnKey = key;
    if (input.theme !== this.themeOf || input.xMode !== this.xMode || log !== (this.opts.scales?.y?.type === 'logarithmic')) {
      if (input.xMode !== this.xMode) chart.resetZoom('none');
      this.xMode = input.xMode;
      this.themeOf = input.theme;
      this.opts = this.options(input.theme, log);
      chart.options = this.opts;
    }
    const xs = chart.scales.x;
    const xRange = zoomed && xs ? { min: xs.min, max: xs.max } : undefined;
    const common = { runs: input.runs, hidden: input.hidden, colorIndex: input.colorIndex, log };
    this.specs = !metric
      ? []
      : this.def.snapshot
        ? snapshotLines({ ...common, name: metric })
        : this.lines.build({ ...common, metric, xMode: input.xMode, smoothing: input.smoothing, band: input.band, xRange, buckets });
    this.fitY(input.ignoreOutliers && !zoomed, log);
    this.titleEl.textContent = metric ? metricLabel(metric) : this.def.title;
    if (!zoomed) this.fitX(input.runs);
    this.logBtn.setAttribute('aria-pressed', String(log));
    this.resetBtn.disabled = !zoomed;
    this.empty.hidden = this.specs.some((s) => s.points.length > 0);
    setSpecs(chart as unknown as Chart, this.specs);
    chart.data.datasets = toDatasets(this.specs, input.theme, this.reuse);
    chart.update('none');
  }

  setEmptyText(text: string): void {
    if (this.empty.textContent !== text) this.empty.textContent = text;
  }

  /** Forces the next draw (e.g. a setting it reads changed). */
  invalidate(): void {
    this.drawnKey = '';
  }

  resetZoom(): void {
    this.chart?.resetZoom('none');
    this.viewEpoch++;
    this.host.requestFrame();
  }

  destroy(): void {
    this.chart?.destroy();
    this.chart = undefined;
  }

  /**
   * While a run is live, in steps, the x axis spans its planned steps (and says so): the curves grow
   * into the chart. Otherwise it ends at the data (a stopped run's plan would squeeze its curves).
   */
  private fitX(runs: readonly ShownRun[]): void {
    const x = this.opts.scales?.x;
    if (!x) return;
    const live = runs.filter((r) => r.run.live);
    const planned = this.xMode === 'step' && !this.def.snapshot ? Math.max(0, ...live.map((r) => r.run.plannedSteps ?? 0)) : 0;
    let last = 0;
    for (const s of this.specs) for (const p of s.points) if (p.x > last) last = p.x;
    x.min = planned || !this.def.snapshot ? 0 : undefined;
    x.max = planned ? Math.max(planned, last) : undefined;
    const title = planned ? `${this.xTitle()} (axis: ${planned.toLocaleString('en-US')} planned)` : this.xTitle();
    if (x.title) x.title.text = title;
    this.canvas.setAttribute('aria-label', `${this.titleEl.textContent} chart; x: ${title}`);
  }

  /** Y bounds without outliers (when asked and not zoomed); end markers beyond them sit on the edge. */
  private fitY(on: boolean, log: boolean): void {
    const y = this.opts.scales?.y;
    if (!y) return;
    const ys: number[] = [];
    if (on) for (const s of this.specs) if (s.role === 'line' || s.role === 'raw' || s.role === 'seed') for (const p of s.points) ys.push(p.y);
    const r = on ? robustRange(ys, log) : undefined;
    y.min = r?.min;
    y.max = r?.max;
    for (const s of this.specs) {
      if (s.role !== 'end') continue;
      s.points = s.points.map((p) => ({ ...p, y: Math.min(r?.max ?? Infinity, Math.max(r?.min ?? -Infinity, p.y)) }));
    }
  }

  private ensureChart(theme: Theme): Chart<'line', { x: number; y: number }[]> {
    if (this.chart) return this.chart;
    this.themeOf = theme;
    this.opts = this.options(theme, this.host.isLog(this.def));
    this.chart = new Chart(this.canvas, { type: 'line', data: { datasets: [] }, options: this.opts });
    return this.chart;
  }

  private xTitle(): string {
    if (!this.def.snapshot) return X_TITLES[this.xMode];
    const m = this.host.metric(this.def);
    return m ? snapshotXLabel(m) : 'index';
  }

  private options(theme: Theme, log: boolean): ChartOptions<'line'> {
    const font = { family: theme.fontFamily, size: this.host.compact ? 10 : 11 };
    const onView = (): void => {
      this.viewEpoch++;
      this.host.requestFrame();
    };
    const timeAxis = this.xMode === 'time' && !this.def.snapshot;
    const compact = this.host.compact;
    return {
      ...baseOptions(theme, font),
      normalized: true,
      spanGaps: true,
      layout: { padding: { top: 4, right: 10, left: 0, bottom: 0 } },
      interaction: { mode: 'perLine', intersect: false },
      onResize: () => this.host.requestFrame(),
      scales: {
        x: {
          type: 'linear',
          bounds: 'data',
          title: { display: !this.host.compact, text: this.xTitle(), color: theme.muted, font, padding: { top: 2, bottom: 0 } },
          ticks: {
            color: theme.muted,
            font,
            maxRotation: 0,
            autoSkipPadding: 12,
            maxTicksLimit: this.host.compact ? 4 : 8,
            includeBounds: false,
            precision: this.def.snapshot && this.xTitle() === 'index' ? 0 : undefined,
            callback: (v) => (timeAxis ? formatDuration(Number(v)) : formatTick(Number(v))),
          },
          grid: { color: theme.grid, tickColor: theme.grid },
          border: { color: theme.border },
          // The axis ends at the data (or the plan): a last tick that close to a round one would print over it ("400 420").
          afterBuildTicks: (scale) => dropCrowdedEnd(scale.ticks),
        },
        y: {
          type: log ? 'logarithmic' : 'linear',
          ticks: {
            color: theme.muted,
            font,
            autoSkip: !log,
            includeBounds: false,
            maxTicksLimit: log ? undefined : this.host.compact ? 4 : 7,
            callback(v) {
              if (!log) return formatTick(Number(v));
              const decades = Math.log10(this.max / this.min);
              const marks = decades > (compact ? 2 : 4) ? [1] : decades > 2 ? [1, 3] : decades > 1.2 ? [1, 2, 5] : [1, 2, 3, 5];
              return isNiceLogTick(Number(v), marks) ? formatTick(Number(v)) : '';
            },
          },
          afterFit: (scale: Scale) => {
            scale.width = Math.max(scale.width, this.host.compact ? 36 : 48);
          },
          grid: { color: theme.grid, tickColor: theme.grid },
          border: { color: theme.border },
        },
      },
      plugins: {
        tooltip: tooltipOptions(theme, () => this.xTitle().toLowerCase()),
        zoom: {
          zoom: {
            wheel: { enabled: !this.host.compact, modifierKey: 'ctrl' },
            pinch: { enabled: !this.host.compact },
            drag: { enabled: !this.host.compact, threshold: 6, borderColor: theme.accent, borderWidth: 1, backgroundColor: 'rgba(127, 127, 127, 0.15)' },
            mode: 'xy',
            onZoomComplete: onView,
          },
          pan: { enabled: !this.host.compact, mode: 'xy', modifierKey: 'shift', onPanComplete: onView },
        },
      },
    };
  }
}
