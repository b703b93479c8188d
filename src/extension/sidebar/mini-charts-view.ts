/**
 * The side panel's chart view: compact charts of the live run, else the last one started in this
 * window, else the newest run on disk. Same page and protocol as the big panel, `compact: true`.
 */
import * as vscode from 'vscode';
import type { RunHistory } from '../history/run-history';
import { ChartSession, type SessionDeps } from '../panel/chart-session';
import { chartHtml, chartWebviewOptions } from '../panel/html';

export const MINI_CHARTS_VIEW = 'lossLab.miniCharts';

export class MiniChartsView implements vscode.WebviewViewProvider, vscode.Disposable {
  private session: ChartSession | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly extensionUri: vscode.Uri, private readonly deps: SessionDeps, private readonly history: RunHistory) {
    this.subscriptions.push(
      deps.runs.onDidStart((run) => this.session?.show(run.runDir)),
      history.onDidChange(() => {
        if (this.session && !this.session.currentRunDir) this.session.show(this.defaultRunDir());
      }),
    );
  }

  get currentSession(): ChartSession | undefined {
    return this.session;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    view.webview.options = chartWebviewOptions(this.extensionUri);
    this.session?.dispose();
    const session = new ChartSession(view.webview, this.deps, true);
    this.session = session;
    session.show(this.defaultRunDir());
    const subs = [
      view.onDidChangeVisibility(() => {
        if (!view.visible) session.hidden();
      }),
      view.onDidDispose(() => {
        subs.forEach((s) => s.dispose());
        session.dispose();
        if (this.session === session) this.session = undefined;
      }),
    ];
    view.webview.html = chartHtml(view.webview, this.extensionUri, { compact: true, title: 'Loss Lab' });
  }

  dispose(): void {
    this.session?.dispose();
    this.subscriptions.forEach((s) => s.dispose());
  }

  private defaultRunDir(): string | undefined {
    return this.deps.runs.active[0]?.runDir ?? this.deps.runs.lastStartedRunDir ?? this.history.entries()[0]?.runDir;
  }
}
