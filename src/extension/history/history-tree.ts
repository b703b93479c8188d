/** The "Runs" tree: one item per run (name, time, status), its arms as children with their best metric. */
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { formatMetricValue, runContextValue, type ArmBest, type RunEntry, type RunStatus } from './list-runs';
import { relativeTime } from './relative-time';
import type { RunHistory } from './run-history';

export type HistoryNode = { kind: 'run'; entry: RunEntry } | { kind: 'arm'; entry: RunEntry; arm: ArmBest };

const STATUS_ICON: Record<RunStatus, [string, string?]> = {
  running: ['sync~spin'],
  completed: ['pass', 'testing.iconPassed'],
  stopped: ['debug-stop', 'list.warningForeground'],
  failed: ['error', 'testing.iconFailed'],
  diverged: ['warning', 'testing.iconFailed'],
  interrupted: ['warning', 'list.warningForeground'],
  unknown: ['question'],
};

const ARM_ICON: Record<ArmBest['status'], [string, string?]> = {
  completed: ['circle-filled', 'testing.iconPassed'],
  stopped: ['debug-stop', 'list.warningForeground'],
  diverged: ['warning', 'list.warningForeground'],
  crashed: ['error', 'testing.iconFailed'],
};

function icon([id, color]: [string, string?]): vscode.ThemeIcon {
  return new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
}

export class HistoryTree implements vscode.TreeDataProvider<HistoryNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<HistoryNode | undefined>();
  private readonly sub: vscode.Disposable;
  readonly onDidChangeTreeData = this.changeEmitter.event;

  constructor(private readonly history: RunHistory) {
    this.sub = history.onDidChange(() => this.changeEmitter.fire(undefined));
  }

  getChildren(node?: HistoryNode): HistoryNode[] {
    if (!node) return this.history.entries().map((entry) => ({ kind: 'run', entry }));
    if (node.kind === 'run') return node.entry.arms.map((arm) => ({ kind: 'arm', entry: node.entry, arm }));
    return [];
  }

  getTreeItem(node: HistoryNode): vscode.TreeItem {
    const open: vscode.Command = { title: 'Open Run', command: 'lossLab.history.open', arguments: [node] };
    if (node.kind === 'arm') {
      const { arm } = node;
      const item = new vscode.TreeItem(arm.arm, vscode.TreeItemCollapsibleState.None);
      item.description = arm.notStarted
        ? 'not started'
        : `${arm.metric} ${formatMetricValue(arm.value)}${arm.seeds > 1 ? ` (mean of ${arm.seeds})` : ''}${arm.status !== 'completed' ? ` · ${arm.status}` : ''}`;
      item.tooltip = arm.reason ? `${arm.status}: ${arm.reason}` : `${arm.arm}: best ${arm.metric} ${formatMetricValue(arm.value)}`;
      item.iconPath = icon(ARM_ICON[arm.status] ?? ['circle-outline']);
      item.contextValue = 'lossLab.arm';
      item.command = open;
      return item;
    }
    const { entry } = node;
    const item = new vscode.TreeItem(entry.name, entry.arms.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = entry.runDir;
    item.description = [relativeTime(entry.startedAt), entry.status].filter(Boolean).join(' · ');
    const md = new vscode.MarkdownString();
    md.appendText(`${entry.name} — ${entry.status}\n\n${entry.runDir}\n\n`);
    if (entry.startedAt) md.appendText(`started ${new Date(entry.startedAt).toLocaleString()}\n\n`);
    if (entry.problem) md.appendText(`${entry.problem}\n\n`);
    for (const a of entry.arms) md.appendText(`${a.arm}: ${a.metric} ${formatMetricValue(a.value)} (${a.status})\n\n`);
    item.tooltip = md;
    item.iconPath = icon(STATUS_ICON[entry.status]);
    item.resourceUri = vscode.Uri.file(entry.runDir);
    item.contextValue = runContextValue(entry);
    item.command = open;
    item.label = entry.name || basename(entry.runDir);
    return item;
  }

  dispose(): void {
    this.sub.dispose();
    this.changeEmitter.dispose();
  }
}
