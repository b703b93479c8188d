/** The run folder a command argument names: a history node, a path, or a run folder URI. */
import * as vscode from 'vscode';
import { isRunDir } from './list-runs';

export function runDirArg(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg instanceof vscode.Uri) return isRunDir(arg.fsPath) ? arg.fsPath : undefined;
  if (typeof arg === 'object' && arg !== null && 'entry' in arg) {
    const entry = (arg as { entry?: { runDir?: unknown } }).entry;
    return typeof entry?.runDir === 'string' ? entry.runDir : undefined;
  }
  return undefined;
}
