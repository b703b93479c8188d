/**
 * Binds one chart webview (the panel beside the config, or the side view) to a run: answers `ready`
 * with `init` from the run folder or the live run, forwards live records in batches, and handles every
 * message the page sends after validating it. Posting before `ready` is a bug and throws.
 */
import * as vscode from 'vscode';
import type { AnalysisEntry, AnalysisProgress, HostToWebview, RunView, WebviewToHost } from '../../shared/protocol/webview';
import { assertNever } from '../../shared/protocol/trainer';
import { validateWebviewMessage } from '../../shared/protocol/validate-webview-message';
import { isRunDir } from '../history/list-runs';
import type { Log } from '../log';
import type { ActiveRun } from '../run/active-run';
import type { RunManager } from '../run/run-manager';
import { MetricBatcher } from './metric-batcher';
import { rerunWithSeeds } from './rerun';
import { runViewFromDisk, runViewFromLive } from './run-view';
import { savePayloadBytes } from './save-payload';
import { FIRST_DRAW_BUCKETS, thinRecords } from './thin-records';

export interface SessionDeps {
  runs: RunManager;
  log: Log;
  /** Opens a run in the big chart panel. */
  openRun(runDir: string): void;
  /** Lets the user pick a past run folder, not one of `exclude`. */
  pickPastRun(title: string, exclude: string[]): Promise<string | undefined>;
  /** The analysis of this run under way, if any (a page initialised meanwhile shows it). */
  analysisUnderWay?(runDir: string): AnalysisProgress | undefined;
}

/** What the host sent, for tests and diagnostics. */
export interface SessionStats {
  readyCount: number;
  posted: Partial<Record<HostToWebview['type'], number>>;
  /** Records sent in `metrics` messages. */
  recordsPosted: number;
  /** Records the page holds for the current run: those of the last `init` plus the `metrics` since. */
  recordsDelivered: number;
  rejected: number;
  /** The files of the last `analyses` message. */
  analysisFiles?: string[];
}

const EMPTY_RUN: RunView = { key: '', name: 'No runs yet', runDir: '', arms: [], repeats: 1, live: false, records: [] };

export class ChartSession implements vscode.Disposable {
  readonly stats: SessionStats = { readyCount: 0, posted: {}, recordsPosted: 0, recordsDelivered: 0, rejected: 0 };
  private ready = false;
  /** Counts `init`s, so the records of a thinned one are not sent after a newer `init`. */
  private inits = 0;
  /** A message the page did not take was logged (when the window closes, every later one fails too). */
  private warnedUndelivered = false;
  private runDir: string | undefined;
  private overlays: string[] = [];
  private live: vscode.Disposable[] = [];
  private readonly batcher: MetricBatcher;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Files of a run's landscape/ that are not analysis results go to the log. */
  private readonly skipped = (line: string): void => this.deps.log.warn(line);

  constructor(private readonly webview: vscode.Webview, private readonly deps: SessionDeps, private readonly compact: boolean) {
    this.batcher = new MetricBatcher((records) => {
      if (this.runDir && this.ready) this.post({ type: 'metrics', key: this.runDir, records });
    });
    this.subscriptions.push(webview.onDidReceiveMessage((m: unknown) => void this.receive(m)));
  }

  get currentRunDir(): string | undefined {
    return this.runDir;
  }

  get isReady(): boolean {
    return this.ready;
  }

  /** Shows this run (re-initialising the page when it is listening). */
  show(runDir: string | undefined): void {
    if (runDir !== this.runDir) this.overlays = [];
    this.runDir = runDir;
    this.subscribeLive();
    if (this.ready) this.sendInit();
  }

  /** The run's analyses changed: sent when this page shows the run and is listening. */
  showAnalyses(runDir: string, entries: AnalysisEntry[]): void {
    if (this.ready && this.runDir === runDir) this.post({ type: 'analyses', key: runDir, entries });
  }

  /** An analysis of the run progressed (undefined: it ended). */
  showAnalysisProgress(runDir: string, progress: AnalysisProgress | undefined): void {
    if (this.ready && this.runDir === runDir) this.post({ type: 'analysisProgress', key: runDir, progress });
  }

  /** The page went away (hidden without retained context): it will send `ready` again when shown. */
  hidden(): void {
    this.ready = false;
    this.batcher.clear();
  }

  dispose(): void {
    this.ready = false;
    this.batcher.dispose();
    this.live.forEach((d) => d.dispose());
    this.subscriptions.forEach((d) => d.dispose());
  }

  private subscribeLive(): void {
    this.live.forEach((d) => d.dispose());
    this.live = [];
    this.batcher.clear();
    const run = this.runDir ? this.deps.runs.byRunDir(this.runDir) : undefined;
    if (!run) return;
    this.live.push(
      run.onRecords((records) => {
        if (this.ready) this.batcher.push(records);
      }),
      run.onSummary((summary) => {
        if (!this.ready) return;
        this.batcher.flush();
        this.post({ type: 'summary', key: run.runDir, summary: structuredClone(summary), live: run.isLive });
      }),
      run.onTrials((rows) => {
        if (!this.ready) return;
        this.batcher.flush();
        this.post({ type: 'trials', key: run.runDir, rows });
      }),
      run.onGenerations(({ records, state }) => {
        if (this.ready) this.post({ type: 'generations', key: run.runDir, records, state });
      }),
    );
  }

  private liveRun(): ActiveRun | undefined {
    return this.runDir ? this.deps.runs.byRunDir(this.runDir) : undefined;
  }

  private sendInit(): void {
    const t0 = performance.now();
    this.batcher.clear();
    const run = this.liveRun();
    let view: RunView = EMPTY_RUN;
    try {
      if (run) view = runViewFromLive(run);
      else if (this.runDir) view = runViewFromDisk(this.runDir, this.skipped);
    } catch (e) {
      this.deps.log.error(`could not read run ${this.runDir}: ${(e as Error).message}`);
      view = { ...EMPTY_RUN, key: this.runDir ?? '', runDir: this.runDir ?? '', name: 'Unreadable run' };
    }
    const overlays = this.overlays.filter(isRunDir).map((dir) => runViewFromDisk(dir, this.skipped));
    // A big run is drawn from a thinned copy first; every record follows once that copy arrived.
    const all = view.records;
    const thin = thinRecords(all, this.compact ? FIRST_DRAW_BUCKETS.sideView : FIRST_DRAW_BUCKETS.panel);
    const built = performance.now();
    const initId = ++this.inits;
    const where = this.compact ? 'side view' : 'panel';
    const first = thin ? { ...view, records: thin, thinned: true } : view;
    this.post({ type: 'init', run: first, overlays, options: { compact: this.compact } }, () => {
      const sent = performance.now();
      const note = `chart ${where}: init of ${first.records.length} records built in ${(built - t0).toFixed(0)} ms, delivered after ${(sent - built).toFixed(0)} ms`;
      if (!thin) return this.deps.log.info(note);
      if (initId !== this.inits || !this.ready) return;
      this.post({ type: 'records', key: view.key, records: all }, () =>
        this.deps.log.info(`${note}; all ${all.length} records ${(performance.now() - sent).toFixed(0)} ms later`),
      );
    });
    this.stats.recordsDelivered = all.length;
    const underWay = this.runDir ? this.deps.analysisUnderWay?.(this.runDir) : undefined;
    if (underWay) this.post({ type: 'analysisProgress', key: view.key, progress: underWay });
  }

  private post(msg: HostToWebview, delivered?: () => void): void {
    if (!this.ready) throw new Error(`protocol error: '${msg.type}' posted to a chart webview before it was ready`);
    this.stats.posted[msg.type] = (this.stats.posted[msg.type] ?? 0) + 1;
    if (msg.type === 'analyses') this.stats.analysisFiles = msg.entries.map((e) => e.file);
    if (msg.type === 'metrics') {
      this.stats.recordsPosted += msg.records.length;
      this.stats.recordsDelivered += msg.records.length;
    }
    this.webview.postMessage(msg).then(delivered, (e: unknown) => {
      if (this.warnedUndelivered) return;
      this.warnedUndelivered = true;
      this.deps.log.warn(`chart webview did not take '${msg.type}' (later failures are not logged): ${String(e)}`);
    });
  }

  private async receive(raw: unknown): Promise<void> {
    const checked = validateWebviewMessage(raw);
    if (!checked.ok) {
      this.stats.rejected++;
      this.deps.log.warn(`ignored a chart webview message: ${checked.error}`);
      return;
    }
    try {
      await this.handle(checked.message);
    } catch (e) {
      this.deps.log.error(`chart webview '${checked.message.type}' failed: ${(e as Error).message}`);
      void vscode.window.showErrorMessage(`Loss Lab: ${(e as Error).message}`);
    }
  }

  private async handle(m: WebviewToHost): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.stats.readyCount++;
        this.ready = true;
        this.warnedUndelivered = false;
        this.sendInit();
        return;
      case 'save':
        return this.save(m.format, m.suggestedName, m.data);
      case 'pickOverlay':
        return this.pickOverlay();
      case 'stop':
        this.liveRun()?.stop();
        return;
      case 'openRun':
        if (!isRunDir(m.runDir)) throw new Error(`not a run folder: ${m.runDir}`);
        this.deps.openRun(m.runDir);
        return;
      case 'resume':
        if (!isRunDir(m.runDir)) throw new Error(`not a run folder: ${m.runDir}`);
        void vscode.commands.executeCommand('lossLab.resume', vscode.Uri.file(m.runDir));
        return;
      case 'adoptEvolved':
        if (!isRunDir(m.runDir)) throw new Error(`not a run folder: ${m.runDir}`);
        void vscode.commands.executeCommand('lossLab.adoptEvolved', vscode.Uri.file(m.runDir));
        return;
      case 'analyse':
        if (!isRunDir(m.runDir)) throw new Error(`not a run folder: ${m.runDir}`);
        void vscode.commands.executeCommand('lossLab.analyse', vscode.Uri.file(m.runDir));
        return;
      case 'removeOverlay':
        this.overlays = this.overlays.filter((dir) => dir !== m.key);
        return;
      case 'rerunWithSeeds':
        return rerunWithSeeds(m.runDir, m.repeats);
      default:
        assertNever(m);
    }
  }

  private async save(format: 'png' | 'csv', suggestedName: string, data: string): Promise<void> {
    const bytes = savePayloadBytes(format, data);
    const base = this.runDir ? vscode.Uri.file(this.runDir) : vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      defaultUri: base ? vscode.Uri.joinPath(base, suggestedName) : undefined,
      filters: format === 'png' ? { 'PNG image': ['png'] } : { CSV: ['csv'] },
      title: format === 'png' ? 'Save Chart' : 'Save Metrics',
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, bytes);
    this.deps.log.info(`saved ${target.fsPath}`);
  }

  private async pickOverlay(): Promise<void> {
    const dir = await this.deps.pickPastRun('Overlay a Past Run', [this.runDir ?? '', ...this.overlays]);
    if (!dir || this.overlays.includes(dir) || dir === this.runDir) return;
    this.overlays.push(dir);
    if (this.ready) this.post({ type: 'overlay', run: runViewFromDisk(dir, this.skipped) });
  }
}
