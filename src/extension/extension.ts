/** Extension entry point: activation builds the root `LossLab`; deactivation stops every run first. */
import * as vscode from 'vscode';
import { LossLab } from './loss-lab';

let lab: LossLab | undefined;

/** Returned from `activate` in test mode only: the internals the integration tests drive and observe. */
export type LossLabTestApi = LossLab;

export function activate(context: vscode.ExtensionContext): LossLabTestApi | undefined {
  lab = new LossLab(context);
  return context.extensionMode === vscode.ExtensionMode.Test ? lab : undefined;
}

/** VS Code waits for this promise: every trainer child process has exited when it resolves. */
export async function deactivate(): Promise<void> {
  const current = lab;
  lab = undefined;
  if (!current) return;
  try {
    await current.shutdown();
  } finally {
    current.dispose();
  }
}
