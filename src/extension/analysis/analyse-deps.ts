/** What Analyse Run… needs from the extension. */
import type * as vscode from 'vscode';
import type { RunHistory } from '../history/run-history';
import type { Log } from '../log';
import type { RunManager } from '../run/run-manager';
import type { AnalysesUnderWay } from './analyses-under-way';

export interface AnalyseDeps {
  extensionUri: vscode.Uri;
  runs: RunManager;
  history: RunHistory;
  log: Log;
  underWay: AnalysesUnderWay;
  /** Whether the run's chart panel is open. */
  panelShows(runDir: string): boolean;
  openRun(runDir: string): void;
}
