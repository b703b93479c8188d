/** A quick pick over past runs (newest first), with "Browse…" for a run folder anywhere on disk. */
import * as vscode from 'vscode';
import { formatMetricValue, isRunDir, type RunEntry } from './list-runs';
import type { RunHistory } from './run-history';
import { relativeTime } from './relative-time';

type Item = vscode.QuickPickItem & { runDir?: string; browse?: true };

function describe(e: RunEntry): string {
  return e.arms.map((a) => `${a.arm} ${formatMetricValue(a.value)}`).join(' · ');
}

export async function pickRun(history: RunHistory, title: string, exclude: readonly string[] = []): Promise<string | undefined> {
  const items: Item[] = history
    .entries()
    .filter((e) => !exclude.includes(e.runDir))
    .map((e) => ({
      label: e.name,
      description: [relativeTime(e.startedAt), e.status].filter(Boolean).join(' · '),
      detail: describe(e) || vscode.workspace.asRelativePath(e.runDir),
      runDir: e.runDir,
    }));
  items.push({ label: '$(folder-opened) Browse…', description: 'a run folder anywhere on disk', browse: true });
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'Pick a run', matchOnDescription: true, matchOnDetail: true });
  if (!picked) return undefined;
  if (picked.runDir) return picked.runDir;
  const chosen = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, title, openLabel: 'Open Run' });
  const dir = chosen?.[0]?.fsPath;
  if (dir && !isRunDir(dir)) {
    void vscode.window.showErrorMessage(`Loss Lab: ${dir} is not a run folder (it has no summary.json or config.resolved.json).`);
    return undefined;
  }
  return dir;
}
