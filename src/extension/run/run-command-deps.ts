/** What the run commands need from the extension. */
import type * as vscode from 'vscode';
import type { ConfigDiagnostics } from '../diagnostics/config-diagnostics';
import type { Log } from '../log';
import type { RunManager } from './run-manager';

export interface RunCommandDeps {
  extensionUri: vscode.Uri;
  version: string;
  runs: RunManager;
  diagnostics: ConfigDiagnostics;
  log: Log;
  /** Opens the chart panel of a run beside the config. */
  showRun(runDir: string): void;
}
