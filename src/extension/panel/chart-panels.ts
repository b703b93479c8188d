/**
 * The chart panels: one per run folder, opened beside the config, restored after a reload by a
 * serializer (the page's state holds the run folder), re-initialised from disk whenever shown again.
 * The web workbench saves its editor layout only now and then, so a reload can restore a layout from
 * before the last panel opened: that panel (remembered until the user closes it) is then reopened.
 * A new run of a config takes over the panel of that config's finished run instead of opening one
 * more tab per run (past runs stay one click away in the history, and as overlays).
 */
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { readSummary } from '../../shared/runner/run-folder';
import { formatRunStart } from '../../shared/run-start';
import { isRunDir } from '../history/list-runs';
import { ChartSession, type SessionDeps } from './chart-session';
import { chartHtml, chartWebviewOptions } from './html';
import { runDirOf } from './panel-state';

export const CHART_PANEL_TYPE = 'lossLab.charts';
const LAST_PANEL_KEY = 'lossLab.lastPanelRunDir';
/** Time the workbench gets to restore its editors before a lost last panel is looked for again. */
const REOPEN_LOST_AFTER_MS = 1500;

interface OpenPanel {
  panel: vscode.WebviewPanel;
  session: ChartSession;
  /** Opened for a past run on purpose (history, Open Run): never taken over by a new run. */
  pinned: boolean;
}

export class ChartPanels implements vscode.Disposable {
  private readonly panels = new Map<string, OpenPanel>();
  private readonly registration: vscode.Disposable;
  private readonly reopenTimer: NodeJS.Timeout;
  /** Set while the window shuts down: its panels close, but are not closed by the user. */
  private disposing = false;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly memento: vscode.Memento,
    private readonly deps: SessionDeps,
  ) {
    this.registration = vscode.window.registerWebviewPanelSerializer(CHART_PANEL_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => this.restore(panel, state),
    });
    // The restored layout's tabs are known at activation: a lost panel is reopened at once. Should they
    // not be known yet (no tab at all), it is looked for again once the workbench had time to restore.
    if (vscode.window.tabGroups.all.some((g) => g.tabs.length > 0)) this.reopenLost();
    this.reopenTimer = setTimeout(() => this.reopenLost(), REOPEN_LOST_AFTER_MS);
  }

  /** The session showing this run, if its panel is open (used by tests and commands). */
  session(runDir: string): ChartSession | undefined {
    return this.panels.get(runDir)?.session;
  }

  get openRunDirs(): string[] {
    return [...this.panels.keys()];
  }

  /** Opens (or reveals) the panel of a run, beside the active editor. */
  open(runDir: string, preserveFocus = true): ChartSession {
    const existing = this.panels.get(runDir);
    if (existing) {
      // A run resumed in its folder is live again: the page must follow it.
      if (this.deps.runs.byRunDir(runDir)) existing.session.show(runDir);
      existing.panel.title = this.title(runDir);
      existing.panel.reveal(undefined, preserveFocus);
      return existing.session;
    }
    const previous = this.finishedPanelOfSameConfig(runDir);
    if (previous) return this.takeOver(previous, runDir, preserveFocus);
    const panel = vscode.window.createWebviewPanel(
      CHART_PANEL_TYPE,
      this.title(runDir),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus },
      { ...chartWebviewOptions(this.extensionUri), enableFindWidget: false },
    );
    return this.adopt(panel, runDir, !this.deps.runs.byRunDir(runDir));
  }

  /** Closes the panel of a run (e.g. its folder was deleted). */
  close(runDir: string): void {
    this.panels.get(runDir)?.panel.dispose();
  }

  dispose(): void {
    this.disposing = true;
    clearTimeout(this.reopenTimer);
    this.registration.dispose();
    for (const { panel } of [...this.panels.values()]) panel.dispose();
    this.panels.clear();
  }

  /** An open panel showing a finished run of the config that `runDir` (a live run) was started from. */
  private finishedPanelOfSameConfig(runDir: string): string | undefined {
    const config = this.deps.runs.byRunDir(runDir)?.configUri.fsPath;
    if (!config) return undefined;
    const live = this.deps.runs.liveRunDirs();
    const configOf = (dir: string) => {
      try {
        return readSummary(dir)?.configPath;
      } catch {
        return undefined;
      }
    };
    return [...this.panels].find(([dir, open]) => !open.pinned && !live.has(dir) && configOf(dir) === config)?.[0];
  }

  private takeOver(previousRunDir: string, runDir: string, preserveFocus: boolean): ChartSession {
    const open = this.panels.get(previousRunDir)!;
    this.panels.delete(previousRunDir);
    this.panels.set(runDir, open);
    open.panel.title = this.title(runDir);
    open.session.show(runDir);
    open.panel.reveal(undefined, preserveFocus);
    void this.memento.update(LAST_PANEL_KEY, runDir);
    return open.session;
  }

  /** The panel open when the window last closed, if the restored layout lost it (no tab of it, not even one not shown yet). */
  private reopenLost(): void {
    const runDir = this.memento.get<string>(LAST_PANEL_KEY);
    if (!runDir || this.panels.has(runDir) || !isRunDir(runDir)) return;
    const title = this.title(runDir);
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    if (tabs.some((t) => t.input instanceof vscode.TabInputWebview && t.label === title)) return;
    this.deps.log.info(`reopening the chart panel of ${runDir} (the restored layout lost it)`);
    this.open(runDir, true);
  }

  private restore(panel: vscode.WebviewPanel, state: unknown): void {
    const fromState = runDirOf(state);
    const runDir = fromState ?? this.memento.get<string>(LAST_PANEL_KEY);
    this.deps.log.info(`restoring the chart panel of ${runDir ?? '(no run)'}`);
    if (!runDir || !isRunDir(runDir) || this.panels.has(runDir)) {
      panel.dispose();
      return;
    }
    panel.webview.options = chartWebviewOptions(this.extensionUri);
    this.adopt(panel, runDir, false);
  }

  private adopt(panel: vscode.WebviewPanel, runDir: string, pinned: boolean): ChartSession {
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.svg');
    panel.title = this.title(runDir);
    const session = new ChartSession(panel.webview, this.deps, false);
    session.show(runDir);
    this.panels.set(runDir, { panel, session, pinned });
    void this.memento.update(LAST_PANEL_KEY, runDir);
    const subs = [
      panel.onDidChangeViewState((e) => {
        if (!e.webviewPanel.visible) session.hidden();
      }),
      panel.onDidDispose(() => {
        subs.forEach((s) => s.dispose());
        session.dispose();
        if (!this.disposing && this.memento.get(LAST_PANEL_KEY) === session.currentRunDir) void this.memento.update(LAST_PANEL_KEY, undefined);
        // Keyed by the run it shows now, which may not be the one it was opened for (takeOver).
        for (const [dir, open] of this.panels) if (open.panel === panel) this.panels.delete(dir);
      }),
    ];
    panel.webview.html = chartHtml(panel.webview, this.extensionUri, { compact: false, title: panel.title });
    return session;
  }

  /** "Loss Lab: tiny · 2026-12-05 13:57": runs of one config differ by their start time. */
  private title(runDir: string): string {
    const run = this.deps.runs.byRunDir(runDir);
    let summary;
    try {
      summary = run?.summary ?? readSummary(runDir);
    } catch {
      summary = undefined;
    }
    const name = run?.name ?? summary?.name ?? basename(runDir).replace(/^\d{8}-\d{6}-/, '');
    const started = formatRunStart(summary?.startedAt);
    return `Loss Lab: ${name}${started ? ` · ${started}` : ''}`;
  }
}
