/**
 * The chart app: validates what the host posts, keeps the runs (current and overlaid), the UI state
 * (saved with setState) and the theme, turns user actions into messages to the host, and redraws at
 * most ~10 times a second.
 */
import type { MetricRecord } from '../src/shared/metrics';
import type { HostToWebview, RunView } from '../src/shared/protocol/webview';
import type { ChartDef } from './model/chart-defs';
import { runsToCsv } from './model/csv';
import type { BandMode } from './model/curves';
import { fileName } from './model/format';
import { RunData } from './model/run-data';
import { FrameScheduler } from './model/scheduler';
import type { XMode } from './model/stream';
import { legendKey, readUiState, type UiState } from './model/ui-state';
import { checkHostMessage } from './model/validate';
import { registerCharts } from './view/chart-setup';
import type { ChartCard } from './view/chart-card';
import { canvasPng, chartPng, type LegendEntry } from './view/export-png';
import { Page, type PageActions } from './view/page';
import { PARETO_AXIS_KEYS } from './view/sweep-section';
import { readTheme, watchTheme, type Theme } from './view/theme';
import type { HostApi } from './view/vscode-api';
import { debugHooks, type DebugHooks } from './debug';

export class App {
  private ui: UiState;
  private theme: Theme;
  private run: RunData | undefined;
  private overlays: RunData[] = [];
  private page: Page | undefined;
  private epoch = 0;
  /** The current run's `init` was thinned: its view, and the live records appended since (kept when all records arrive). */
  private thinned: { view: RunView; since: MetricRecord[] } | undefined;
  private afterRecords: (() => void)[] = [];
  private readonly marks = new Set<string>();
  private readonly scheduler: FrameScheduler;
  private readonly debug: DebugHooks | undefined = debugHooks();

  constructor(private readonly root: HTMLElement, private readonly api: HostApi, private compact: boolean) {
    registerCharts();
    this.ui = readUiState(api.getState());
    this.theme = readTheme();
    this.scheduler = new FrameScheduler(() => this.frame(), {
      now: () => performance.now(),
      frame: (cb) => requestAnimationFrame(cb),
      later: (cb, ms) => setTimeout(cb, ms),
    });
    watchTheme(() => {
      this.theme = readTheme();
      this.touch();
    });
  }

  /** Listens; `early` are the messages the page's boot script held (it already said `ready`), else says `ready` now. */
  start(early?: readonly unknown[]): void {
    window.addEventListener('message', (e: MessageEvent<unknown>) => this.receive(e.data));
    performance.mark('losslab:started');
    if (early) early.forEach((m) => this.receive(m));
    else {
      performance.mark('losslab:ready');
      this.api.post({ type: 'ready' });
    }
  }

  receive(raw: unknown): void {
    const t0 = performance.now();
    const checked = checkHostMessage(raw);
    if (!checked.ok) {
      this.debug?.rejected(checked.error);
      return;
    }
    checked.skipped?.forEach((why) => this.debug?.rejected(why));
    this.handle(checked.message);
    this.debug?.message(checked.message.type, performance.now() - t0);
  }

  private handle(m: HostToWebview): void {
    switch (m.type) {
      case 'init':
        performance.mark('losslab:init');
        if (m.options.compact !== this.compact || !this.page) {
          this.compact = m.options.compact;
          this.page?.destroy();
          this.page = new Page(this.root, this.compact, this.actions(), () => this.scheduler.request(true));
        }
        this.run = new RunData(m.run);
        this.thinned = m.run.thinned ? { view: m.run, since: [] } : undefined;
        this.afterRecords = [];
        this.overlays = m.overlays.map((o) => new RunData(o));
        this.page.cards.forEach((c) => c.resetZoom());
        this.save();
        return this.touch();
      case 'records':
        return this.completeRecords(m.key, m.records);
      case 'metrics': {
        if (this.thinned && this.run?.key === m.key) this.thinned.since.push(...m.records);
        const target = this.run?.key === m.key ? this.run : this.overlays.find((o) => o.key === m.key);
        target?.append(m.records);
        if (target) this.scheduler.request(false);
        return;
      }
      case 'summary':
        if (this.run?.key !== m.key) return;
        this.run.summary = m.summary;
        this.run.live = m.live;
        return this.touch();
      case 'trials':
        // Only the current run's sweep is drawn; the sweep and evolution views redraw on their own versions.
        if (this.run?.key === m.key && this.run.appendTrials(m.rows)) this.scheduler.request(false);
        return;
      case 'generations':
        if (this.run?.key === m.key && this.run.appendGenerations(m.records, m.state)) this.scheduler.request(false);
        return;
      case 'overlay':
        this.overlays = [...this.overlays.filter((o) => o.key !== m.run.key), new RunData(m.run)];
        return this.touch();
      case 'removeOverlay':
        this.overlays = this.overlays.filter((o) => o.key !== m.key);
        return this.touch();
      case 'analyses':
        if (this.run?.key !== m.key) return;
        this.run.analyses = m.entries;
        this.run.analysisVersion++;
        return this.scheduler.request(true);
      case 'analysisProgress':
        if (this.run?.key !== m.key) return;
        this.run.analysisProgress = m.progress;
        this.run.analysisVersion++;
        return this.scheduler.request(true);
    }
  }

  /**
   * The whole records of a run first drawn thinned: the run is rebuilt from them and the live records
   * that came since, keeping what the host said since (summary, trials, generations) and the UI (zoom too).
   */
  private completeRecords(key: string, records: MetricRecord[]): void {
    const run = this.run;
    if (!this.thinned || run?.key !== key) return;
    const { view, since } = this.thinned;
    this.thinned = undefined;
    const { sweep, evolution, analyses, analysisProgress } = run;
    this.run = new RunData({ ...view, thinned: undefined, records: [...records, ...since], summary: run.summary, live: run.live, sweep, evolution, analyses });
    this.run.analysisProgress = analysisProgress;
    this.touch();
  }

  /** Runs `f` now, or once the whole records arrived if the run is drawn thinned (exports use every record). */
  private withAllRecords(f: () => void): void {
    if (this.thinned) this.afterRecords.push(f);
    else f();
  }

  /** Something every part depends on changed: redraw everything at the next frame. */
  private touch(): void {
    this.epoch++;
    this.scheduler.request(true);
  }

  private frame(): void {
    if (!this.page || !this.run) return;
    const t0 = performance.now();
    this.page.render({ run: this.run, overlays: this.overlays, ui: this.ui, theme: this.theme, epoch: this.epoch });
    this.debug?.frame(performance.now() - t0);
    if (this.run.recordCount === 0) return;
    this.markOnce('drawn');
    if (this.thinned) return;
    this.markOnce('all-drawn');
    // Exports asked for while the run was drawn thinned: the canvases now show every record.
    const waiting = this.afterRecords;
    this.afterRecords = [];
    waiting.forEach((f) => f());
  }

  /** Performance marks the e2e restore check reads (`losslab:drawn`: first draw; `losslab:all-drawn`: with every record). */
  private markOnce(name: string): void {
    if (this.marks.has(name)) return;
    this.marks.add(name);
    performance.mark(`losslab:${name}`);
  }

  private update(change: Partial<UiState>): void {
    this.ui = { ...this.ui, ...change };
    this.save();
    this.touch();
  }

  private save(): void {
    this.api.setState({ ...this.ui, runDir: this.run?.runDir || this.ui.runDir });
  }

  private actions(): PageActions {
    return {
      overlay: () => this.api.post({ type: 'pickOverlay' }),
      exportCsv: () => this.withAllRecords(() => this.exportCsv()),
      stop: () => this.api.post({ type: 'stop' }),
      openRun: () => this.run?.runDir && this.api.post({ type: 'openRun', runDir: this.run.runDir }),
      resume: () => this.run?.runDir && this.api.post({ type: 'resume', runDir: this.run.runDir }),
      adoptEvolved: () => this.run?.runDir && this.api.post({ type: 'adoptEvolved', runDir: this.run.runDir }),
      analyse: () => this.run?.runDir && this.api.post({ type: 'analyse', runDir: this.run.runDir }),
      exportAnalysisCsv: (name: string, csv: string) => this.run && this.api.post({ type: 'save', format: 'csv', suggestedName: fileName(this.run.name, name), data: csv }),
      rerunWithSeeds: (repeats: number) => this.run?.runDir && this.api.post({ type: 'rerunWithSeeds', runDir: this.run.runDir, repeats }),
      setXMode: (xMode: XMode) => this.update({ xMode }),
      setSmoothing: (smoothing: number) => this.update({ smoothing }),
      setBand: (band: BandMode) => this.update({ band }),
      setIgnoreOutliers: (ignoreOutliers: boolean) => this.update({ ignoreOutliers }),
      resetZoom: () => this.page?.cards.forEach((c) => c.resetZoom()),
      toggleColumn: (key) => this.update({ hiddenColumns: this.ui.hiddenColumns.includes(key) ? this.ui.hiddenColumns.filter((k) => k !== key) : [...this.ui.hiddenColumns, key] }),
      toggle: (key: string) => this.update({ hidden: this.ui.hidden.includes(key) ? this.ui.hidden.filter((k) => k !== key) : [...this.ui.hidden, key] }),
      setSweepAxis: (axis: 'x' | 'y', metric: string) => this.update({ metric: { ...this.ui.metric, [PARETO_AXIS_KEYS[axis]]: metric } }),
      focusTrial: (name: string) => this.focusArm(name),
      showAllArms: () => this.update({ hidden: this.ui.hidden.filter((k) => !k.startsWith(legendKey('', ''))) }),
      removeOverlay: (key: string) => {
        this.overlays = this.overlays.filter((o) => o.key !== key);
        this.api.post({ type: 'removeOverlay', key });
        this.touch();
      },
      isLog: (def: ChartDef) => this.ui.log[def.id] ?? def.logByDefault,
      setLog: (def: ChartDef, on: boolean) => this.update({ log: { ...this.ui.log, [def.id]: on } }),
      metric: (def: ChartDef) => this.page?.metricOf(def, this.ui),
      setMetric: (def: ChartDef, metric: string) => this.update({ metric: { ...this.ui.metric, [def.id]: metric } }),
      exportPng: (card: ChartCard) => this.withAllRecords(() => this.exportPng(card)),
      exportChartPng: (canvas: HTMLCanvasElement, title: string, legend: LegendEntry[], id: string) => this.withAllRecords(() => this.exportCanvasPng(canvas, title, legend, id)),
    };
  }

  /** Shows only this arm of the current run (overlays keep their legend state). */
  private focusArm(arm: string): void {
    if (!this.run) return;
    const others = this.run.arms.filter((a) => a !== arm).map((a) => legendKey('', a));
    const keep = this.ui.hidden.filter((k) => !k.startsWith(legendKey('', '')));
    this.update({ hidden: [...keep, ...others] });
  }

  private exportCsv(): void {
    if (!this.run) return;
    this.api.post({ type: 'save', format: 'csv', suggestedName: fileName(this.run.name, 'metrics.csv'), data: runsToCsv([this.run, ...this.overlays]) });
  }

  /** A chart of the Sweep or Evolution section (no per-step settings in its subtitle). */
  private exportCanvasPng(canvas: HTMLCanvasElement, title: string, legend: LegendEntry[], id: string): void {
    if (!this.run) return;
    const data = canvasPng(canvas, legend, this.theme, title, this.run.name);
    this.api.post({ type: 'save', format: 'png', suggestedName: fileName(this.run.name, `${id}.png`), data });
  }

  private exportPng(card: ChartCard): void {
    if (!this.run) return;
    const subtitle = `${this.run.name} · x: ${this.ui.xMode}${this.ui.smoothing > 0 ? ` · smoothing ${this.ui.smoothing.toFixed(2)}` : ''}`;
    const data = chartPng(card.canvas, card.specs, this.theme, card.title, subtitle);
    this.api.post({ type: 'save', format: 'png', suggestedName: fileName(this.run.name, `${card.def.id}.png`), data });
  }
}
