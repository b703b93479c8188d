/** The "Loss Lab" output channel: the extension's only log (no console). */
import * as vscode from 'vscode';

export type Log = vscode.LogOutputChannel;

export function createLog(): Log {
  return vscode.window.createOutputChannel('Loss Lab', { log: true });
}
