/** Workspace Trust: runs execute code (a trainer, and user loss modules), so they need a trusted workspace. */
import * as vscode from 'vscode';

export const RESTRICTED_MESSAGE =
  'Loss Lab does not run experiments in Restricted Mode: training runs code from this workspace. Trust the workspace to run; past runs can still be opened.';

/** True when running is allowed; otherwise explains why not (with a way to manage trust) and returns false. */
export function ensureTrusted(): boolean {
  if (vscode.workspace.isTrusted) return true;
  const manage = 'Manage Workspace Trust';
  void vscode.window.showWarningMessage(RESTRICTED_MESSAGE, manage).then((choice) => {
    if (choice === manage) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return false;
}
