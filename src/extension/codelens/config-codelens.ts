/**
 * CodeLens on config files: "▶ Run all · Open charts" above the file and "▶ Run this arm" above each
 * loss arm; while a run is live, "■ Stop" and progress instead. Registered for config patterns only.
 */
import * as vscode from 'vscode';
import type { RunManager } from '../run/run-manager';
import { armLensLabel, formatPercent } from '../run/run-progress';
import { configFormat, outlineConfig } from './arm-ranges';

export const CONFIG_SELECTOR: vscode.DocumentSelector = [
  { scheme: 'file', pattern: '**/*.losslab.json' },
  { scheme: 'file', pattern: '**/*.losslab.yaml' },
  { scheme: 'file', pattern: '**/*.losslab.yml' },
];

export class ConfigCodeLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[];
  readonly onDidChangeCodeLenses = this.changeEmitter.event;

  constructor(private readonly runs: RunManager) {
    this.subscriptions = [
      runs.onDidChange(() => this.changeEmitter.fire()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.changeEmitter.fire()),
    ];
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const format = configFormat(doc.uri.path);
    if (!format) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    const lenses: vscode.CodeLens[] = [];
    const lens = (range: vscode.Range, title: string, command: string, args: unknown[], tooltip?: string) =>
      lenses.push(new vscode.CodeLens(range, { title, command, arguments: args, tooltip }));
    const run = this.runs.forConfig(doc.uri);
    const outline = outlineConfig(doc.getText(), format);

    if (!vscode.workspace.isTrusted) {
      lens(top, '$(shield) Restricted Mode: trust this workspace to run', 'workbench.trust.manage', [], 'Loss Lab runs experiments only in a trusted workspace');
      lens(top, 'Open charts', 'lossLab.openCharts', [doc.uri]);
      return lenses;
    }
    if (run) {
      const stopping = run.isStopping;
      lens(top, stopping ? '■ Stopping…' : '■ Stop', 'lossLab.stop', [doc.uri], 'Stop this experiment');
      const detail = run.progress.stageLabel ?? `${run.progress.finishedJobs}/${run.progress.totalJobs} jobs done`;
      lens(top, `● running ${formatPercent(run.progress.shownFraction)} · ${detail}`, 'lossLab.openCharts', [run.runDir], 'Open the live charts');
    } else {
      lens(top, '▶ Run all', 'lossLab.run', [doc.uri], 'Run every loss arm of this experiment');
      lens(top, 'Open charts', 'lossLab.openCharts', [doc.uri], 'Open the charts of the latest run');
      if (/^\s*"?evolve"?\s*:/m.test(doc.getText())) {
        lens(top, '⤓ Add evolved loss', 'lossLab.adoptEvolved', [doc.uri], "Add the best TaylorGLO vector of this config's latest evolution as a new arm");
      }
    }
    for (const arm of outline.arms) {
      const start = doc.positionAt(arm.offset);
      const range = new vscode.Range(start, start);
      if (run) {
        const progress = arm.name !== undefined ? run.progress.arm(arm.name) : undefined;
        if (progress) lens(range, armLensLabel(progress), 'lossLab.openCharts', [run.runDir]);
      } else {
        lens(range, '▶ Run this arm', 'lossLab.runArm', [doc.uri, { name: arm.name, index: arm.index }], `Run only ${arm.name ? `'${arm.name}'` : `arm #${arm.index + 1}`}`);
      }
    }
    return lenses;
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.changeEmitter.dispose();
  }
}
