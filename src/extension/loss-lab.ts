/**
 * The root of the extension: builds every feature, passing dependencies in, and owns every
 * registration. `shutdown()` stops all runs and waits for their trainer processes to exit.
 */
import * as vscode from 'vscode';
import { registerAnalyse } from './analysis/analyse-command';
import { AnalysesUnderWay } from './analysis/analyses-under-way';
import { configFormat } from './codelens/arm-ranges';
import { ConfigCodeLens, CONFIG_SELECTOR } from './codelens/config-codelens';
import { registerAdoptEvolved } from './commands/adopt-evolved';
import { registerExportCsv } from './commands/export-csv';
import { registerNewFromExample } from './commands/new-from-example';
import { registerOpenCharts } from './commands/open-charts';
import { registerValidateConfig } from './commands/validate-config';
import { ConfigDiagnostics } from './diagnostics/config-diagnostics';
import { registerHistoryCommands } from './history/history-commands';
import { HistoryTree } from './history/history-tree';
import { pickRun } from './history/pick-run';
import { RunHistory } from './history/run-history';
import { createLog, type Log } from './log';
import { ChartPanels } from './panel/chart-panels';
import type { SessionDeps } from './panel/chart-session';
import { registerRunCommands } from './run/run-commands';
import { RunManager } from './run/run-manager';
import { registerRunStatus } from './run/run-status';
import { MINI_CHARTS_VIEW, MiniChartsView } from './sidebar/mini-charts-view';

export const HISTORY_VIEW = 'lossLab.history';

export class LossLab implements vscode.Disposable {
  readonly log: Log;
  readonly runs: RunManager;
  readonly diagnostics: ConfigDiagnostics;
  readonly history: RunHistory;
  readonly panels: ChartPanels;
  readonly miniCharts: MiniChartsView;
  readonly codeLens: ConfigCodeLens;
  /** Analyses running in this window (Analyse Run…). */
  readonly analyses: AnalysesUnderWay;
  /** Milliseconds `activate` took (building everything here), for the log and the benchmark. */
  readonly activationMs: number;
  private readonly members: vscode.Disposable[] = [];

  constructor(context: vscode.ExtensionContext) {
    const started = performance.now();
    const own = <T extends vscode.Disposable>(d: T): T => {
      this.members.push(d);
      return d;
    };
    const version = String((context.extension.packageJSON as { version?: unknown }).version ?? '');
    this.log = own(createLog());
    this.runs = own(new RunManager(this.log));
    this.diagnostics = own(new ConfigDiagnostics());
    this.history = own(new RunHistory(this.runs));
    const sessionDeps: SessionDeps = {
      runs: this.runs,
      log: this.log,
      openRun: (runDir) => this.panels.open(runDir, false),
      pickPastRun: (title, exclude) => pickRun(this.history, title, exclude),
      analysisUnderWay: (runDir) => this.analyses.progress(runDir),
    };
    this.analyses = new AnalysesUnderWay((runDir) => [this.panels.session(runDir), this.miniCharts.currentSession].filter((s) => s !== undefined));
    this.panels = own(new ChartPanels(context.extensionUri, context.workspaceState, sessionDeps));
    this.miniCharts = own(new MiniChartsView(context.extensionUri, sessionDeps, this.history));
    this.codeLens = own(new ConfigCodeLens(this.runs));
    const historyTree = own(new HistoryTree(this.history));
    const showRun = (runDir: string) => void this.panels.open(runDir, true);
    own(vscode.languages.registerCodeLensProvider(CONFIG_SELECTOR, this.codeLens));
    own(vscode.window.registerWebviewViewProvider(MINI_CHARTS_VIEW, this.miniCharts));
    own(vscode.window.createTreeView(HISTORY_VIEW, { treeDataProvider: historyTree, showCollapseAll: true }));
    own(registerRunCommands({ extensionUri: context.extensionUri, version, runs: this.runs, diagnostics: this.diagnostics, log: this.log, showRun }));
    own(registerRunStatus(this.runs, showRun, () => this.log.show(true)));
    own(registerHistoryCommands(this.history, this.panels, this.runs));
    own(registerOpenCharts(this.runs, this.history, this.panels));
    own(registerExportCsv(this.history));
    own(registerAdoptEvolved(this.history, this.log));
    own(registerAnalyse({
      extensionUri: context.extensionUri, runs: this.runs, history: this.history, log: this.log, underWay: this.analyses,
      panelShows: (runDir) => this.panels.session(runDir) !== undefined,
      openRun: showRun,
    }));
    own(registerValidateConfig(this.diagnostics));
    own(registerNewFromExample(context.extensionUri));
    own(vscode.commands.registerCommand('lossLab.showOutput', () => this.log.show()));
    const configOpen = () => void vscode.commands.executeCommand('setContext', 'lossLab.configOpen', !!configFormat(vscode.window.activeTextEditor?.document.uri.path ?? ''));
    own(vscode.window.onDidChangeActiveTextEditor(configOpen));
    configOpen();
    const hasRuns = () => void vscode.commands.executeCommand('setContext', 'lossLab.hasRuns', this.runs.active.length > 0 || this.history.entries().length > 0);
    own(this.history.onDidChange(hasRuns));
    hasRuns();
    this.activationMs = performance.now() - started;
    this.log.info(`Loss Lab ${version} activated in ${this.activationMs.toFixed(1)} ms (VS Code ${vscode.version}, Node ${process.versions.node})`);
  }

  /** Stops every run and analysis and waits for the trainer processes to exit. */
  async shutdown(): Promise<void> {
    await Promise.all([this.runs.shutdown(), this.analyses.stopAll()]);
  }

  dispose(): void {
    for (const d of this.members.reverse()) {
      try {
        d.dispose();
      } catch (e) {
        this.log.error(`dispose failed: ${(e as Error).message}`);
      }
    }
    this.members.length = 0;
  }
}
