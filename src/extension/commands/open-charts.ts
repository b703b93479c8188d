/** Open Charts: the run of a config (live, else its latest), a given run, or one picked from the history. */
import * as vscode from 'vscode';
import { configFormat } from '../codelens/arm-ranges';
import { runDirArg } from '../history/run-dir-arg';
import { pickRun } from '../history/pick-run';
import type { RunHistory } from '../history/run-history';
import type { ChartPanels } from '../panel/chart-panels';
import type { RunManager } from '../run/run-manager';

export function registerOpenCharts(runs: RunManager, history: RunHistory, panels: ChartPanels): vscode.Disposable {
  return vscode.commands.registerCommand('lossLab.openCharts', async (arg?: unknown) => {
    const dir = await chartsTarget(arg, runs, history);
    if (dir) panels.open(dir, arg === undefined ? false : true);
  });
}

async function chartsTarget(arg: unknown, runs: RunManager, history: RunHistory): Promise<string | undefined> {
  const explicit = arg instanceof vscode.Uri && configFormat(arg.path) ? undefined : runDirArg(arg);
  if (explicit) return explicit;
  const config = arg instanceof vscode.Uri && configFormat(arg.path) ? arg : activeConfig();
  if (config) {
    const live = runs.forConfig(config);
    if (live) return live.runDir;
    const latest = history.entries().find((e) => e.configPath === config.fsPath);
    if (latest) return latest.runDir;
    const run = 'Run Loss Experiment';
    const choice = await vscode.window.showInformationMessage(`Loss Lab: ${vscode.workspace.asRelativePath(config)} has no runs yet.`, run);
    if (choice === run) await vscode.commands.executeCommand('lossLab.run', config);
    return undefined;
  }
  const active = runs.active;
  if (active.length === 1) return active[0].runDir;
  if (runs.lastStartedRunDir && !active.length) return runs.lastStartedRunDir;
  return pickRun(history, 'Open Charts');
}

function activeConfig(): vscode.Uri | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri;
  return uri && configFormat(uri.path) ? uri : undefined;
}
