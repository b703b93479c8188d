/**
 * The status bar item while runs are live, and the only notifications Loss Lab shows on its own:
 * a run completed, or a run failed (with the error). A run the user stopped ends quietly.
 */
import * as vscode from 'vscode';
import type { ActiveRun } from './active-run';
import { completedMessage } from './finished-message';
import { formatPercent } from './run-progress';
import type { RunManager } from './run-manager';

export function registerRunStatus(runs: RunManager, showRun: (runDir: string) => void, showOutput: () => void): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('lossLab.progress', vscode.StatusBarAlignment.Left, 10);
  item.name = 'Loss Lab Progress';
  const update = () => {
    const active = runs.active;
    void vscode.commands.executeCommand('setContext', 'lossLab.running', active.length > 0);
    void vscode.commands.executeCommand('setContext', 'lossLab.runningConfigs', active.map((r) => r.configUri.fsPath));
    if (!active.length) {
      item.hide();
      return;
    }
    const total = active.reduce((s, r) => s + r.progress.shownFraction, 0) / active.length;
    const label = active.length === 1 ? active[0].name : `${active.length} runs`;
    const stopping = active.every((r) => r.isStopping);
    item.text = `${stopping ? '$(debug-stop)' : '$(sync~spin)'} Loss Lab: ${label} ${formatPercent(total)}`;
    const md = new vscode.MarkdownString(undefined, true);
    for (const r of active) {
      md.appendMarkdown(`**${escapeMd(r.name)}** — ${formatPercent(r.progress.shownFraction)}${r.progress.stageLabel ? ` · ${escapeMd(r.progress.stageLabel)}` : ''}${r.isStopping ? ' (stopping)' : ''}\n\n`);
      for (const a of r.progress.arms) md.appendMarkdown(`- ${escapeMd(a.arm)}: ${a.state} ${formatPercent(a.fraction)}\n`);
      md.appendMarkdown('\n');
    }
    md.appendMarkdown('Click to open the charts.');
    item.tooltip = md;
    item.command = { title: 'Open Charts', command: 'lossLab.openCharts', arguments: [active[0].runDir] };
    item.show();
  };
  return vscode.Disposable.from(
    item,
    runs.onDidChange(update),
    runs.onDidEnd((run) => void notifyEnd(run, showRun, showOutput)),
  );
}

function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

async function notifyEnd(run: ActiveRun, showRun: (runDir: string) => void, showOutput: () => void): Promise<void> {
  const summary = await run.finished;
  const open = 'Open Charts';
  const output = 'Show Output';
  let choice: string | undefined;
  if (run.wasStoppedByUser) return;
  if (summary.status === 'completed') {
    choice = await vscode.window.showInformationMessage(completedMessage(summary), open);
  } else if (summary.status === 'failed' || summary.arms.some((a) => a.status === 'crashed')) {
    const crashed = summary.arms.find((a) => a.status === 'crashed');
    const why = crashed ? `${crashed.arm}: ${(crashed.reason ?? 'crashed').split('\n')[0]}` : (summary.reason ?? 'see the output');
    choice = await vscode.window.showErrorMessage(`Loss Lab: '${summary.name}' failed — ${why}`, open, output);
  } else if (summary.status === 'stopped') {
    choice = await vscode.window.showWarningMessage(`Loss Lab: '${summary.name}' stopped early.`, open, output);
  }
  if (choice === open) showRun(run.runDir);
  if (choice === output) showOutput();
}
