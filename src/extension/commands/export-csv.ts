/** Export Metrics (CSV): a run's metrics.jsonl as one CSV table. */
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { readMetrics } from '../../shared/runner/run-folder';
import { runDirArg } from '../history/run-dir-arg';
import { pickRun } from '../history/pick-run';
import type { RunHistory } from '../history/run-history';
import { metricsToCsv } from './metrics-csv';

export function registerExportCsv(history: RunHistory): vscode.Disposable {
  return vscode.commands.registerCommand('lossLab.exportCsv', async (arg?: unknown, target?: vscode.Uri) => {
    const dir = runDirArg(arg) ?? (await pickRun(history, 'Export Metrics (CSV)'));
    if (!dir) return undefined;
    const records = readMetrics(dir);
    if (!records.length) {
      void vscode.window.showWarningMessage(`Loss Lab: ${basename(dir)} has no metrics yet.`);
      return undefined;
    }
    const uri = target ?? (await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(vscode.Uri.file(dir), `${basename(dir)}-metrics.csv`),
      filters: { CSV: ['csv'] },
      title: 'Export Metrics (CSV)',
    }));
    if (!uri) return undefined;
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(metricsToCsv(records)));
    if (!target) {
      const open = 'Open';
      if ((await vscode.window.showInformationMessage(`Loss Lab: exported ${records.length} records to ${vscode.workspace.asRelativePath(uri)}.`, open)) === open) {
        await vscode.window.showTextDocument(uri);
      }
    }
    return uri;
  });
}
