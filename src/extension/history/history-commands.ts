/** Commands on past runs: open (tree click, Open Run…), delete, reveal, refresh. */
import { rm } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { ChartPanels } from '../panel/chart-panels';
import type { RunManager } from '../run/run-manager';
import { isRunDir } from './list-runs';
import { pickRun } from './pick-run';
import { runDirArg } from './run-dir-arg';
import type { RunHistory } from './run-history';

export function registerHistoryCommands(history: RunHistory, panels: ChartPanels, runs: RunManager): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('lossLab.history.open', (node?: unknown) => {
      const dir = runDirArg(node);
      if (dir) panels.open(dir, false);
    }),
    vscode.commands.registerCommand('lossLab.openRun', async (arg?: unknown) => {
      const dir = runDirArg(arg) ?? (await pickRun(history, 'Open Run'));
      if (dir) panels.open(dir, false);
    }),
    vscode.commands.registerCommand('lossLab.history.refresh', () => history.refresh()),
    vscode.commands.registerCommand('lossLab.history.reveal', async (node?: unknown) => {
      const dir = runDirArg(node);
      if (!dir) return;
      const uri = vscode.Uri.file(dir);
      if (vscode.workspace.getWorkspaceFolder(uri)) await vscode.commands.executeCommand('revealInExplorer', uri);
      else await vscode.commands.executeCommand('revealFileInOS', uri);
    }),
    vscode.commands.registerCommand('lossLab.history.delete', async (node?: unknown) => {
      const dir = runDirArg(node);
      if (!dir || !isRunDir(dir)) return;
      if (runs.byRunDir(dir)) {
        void vscode.window.showWarningMessage('Loss Lab: this run is still running; stop it before deleting it.');
        return;
      }
      const del = 'Delete';
      const ok = await vscode.window.showWarningMessage(`Delete the run folder ${vscode.workspace.asRelativePath(dir)} and everything in it?`, { modal: true }, del);
      if (ok !== del) return;
      panels.close(dir);
      await rm(dir, { recursive: true, force: true });
      history.refresh();
    }),
  );
}
