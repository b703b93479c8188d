/**
 * The runs on disk that this window knows about: the runs folder of each workspace folder plus any
 * folder a run was started in (a config outside the workspace). Watches them and says when they change.
 */
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import type { RunManager } from '../run/run-manager';
import { workspaceRunsRoots } from '../settings';
import { listRuns, type RunEntry } from './list-runs';

const REFRESH_DEBOUNCE_MS = 300;

export class RunHistory implements vscode.Disposable {
  private readonly extraRoots = new Set<string>();
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  private watchers: vscode.Disposable[] = [];
  private readonly subscriptions: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;

  readonly onDidChange = this.changeEmitter.event;

  constructor(private readonly runs: RunManager) {
    this.subscriptions.push(
      runs.onDidStart((run) => {
        const root = dirname(run.runDir);
        if (!this.roots().includes(root)) {
          this.extraRoots.add(root);
          this.watch();
        }
        this.changed();
      }),
      runs.onDidEnd(() => this.changed()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.watch()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('lossLab.runsFolder')) this.watch();
      }),
    );
    this.watch();
  }

  roots(): string[] {
    return [...new Set([...workspaceRunsRoots(), ...this.extraRoots])];
  }

  /** Every run, newest first. */
  entries(): RunEntry[] {
    const live = this.runs.liveRunDirs();
    return this.roots()
      .flatMap((root) => listRuns(root, live))
      .sort((a, b) => (b.startedAt ?? '').localeCompare(a.startedAt ?? ''));
  }

  refresh(): void {
    this.changed();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.watchers.forEach((w) => w.dispose());
    this.subscriptions.forEach((s) => s.dispose());
    this.changeEmitter.dispose();
  }

  private watch(): void {
    this.watchers.forEach((w) => w.dispose());
    this.watchers = this.roots().map((root) => {
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(root), '*/summary.json'));
      return vscode.Disposable.from(w, w.onDidCreate(() => this.changed()), w.onDidChange(() => this.changed()), w.onDidDelete(() => this.changed()));
    });
    this.changed();
  }

  private changed(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.changeEmitter.fire(), REFRESH_DEBOUNCE_MS);
  }
}
