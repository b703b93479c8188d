/**
 * Problems of open config files as diagnostics: on open, on change (debounced), on save. The messages
 * and ranges are exactly those of `validateConfigText`, the same check the CLI and Run use.
 */
import * as vscode from 'vscode';
import { validateConfigText, type ConfigProblem } from '../../shared/config';
import type { ExperimentConfig } from '../../shared/config/types';
import { configFormat } from '../codelens/arm-ranges';
import { LineIndex, problemRange } from './problem-range';

const DEBOUNCE_MS = 300;

export interface ValidatedDocument {
  config?: ExperimentConfig;
  problems: ConfigProblem[];
  diagnostics: vscode.Diagnostic[];
}

export function isConfigDocument(doc: vscode.TextDocument): boolean {
  return configFormat(doc.uri.path) !== undefined && (doc.uri.scheme === 'file' || doc.uri.scheme === 'untitled');
}

export function toDiagnostics(text: string, problems: readonly ConfigProblem[]): vscode.Diagnostic[] {
  const index = new LineIndex(text);
  return problems.map((p) => {
    const r = problemRange(text, p, index);
    const d = new vscode.Diagnostic(
      new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character),
      p.message,
      p.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Error,
    );
    d.source = 'Loss Lab';
    return d;
  });
}

export class ConfigDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('lossLab');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor() {
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.validateIfConfig(d)),
      vscode.workspace.onDidSaveTextDocument((d) => this.validateIfConfig(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.cancel(d);
        this.collection.delete(d.uri);
      }),
    );
    vscode.workspace.textDocuments.forEach((d) => this.validateIfConfig(d));
  }

  /** Validates now, publishes the diagnostics, and returns the result. */
  validate(doc: vscode.TextDocument): ValidatedDocument {
    this.cancel(doc);
    const text = doc.getText();
    const { config, problems } = validateConfigText(text, doc.uri.fsPath);
    const diagnostics = toDiagnostics(text, problems);
    this.collection.set(doc.uri, diagnostics);
    return { config, problems, diagnostics };
  }

  dispose(): void {
    this.timers.forEach((t) => clearTimeout(t));
    this.timers.clear();
    this.subscriptions.forEach((s) => s.dispose());
    this.collection.dispose();
  }

  private validateIfConfig(doc: vscode.TextDocument): void {
    if (isConfigDocument(doc)) this.validate(doc);
  }

  private schedule(doc: vscode.TextDocument): void {
    if (!isConfigDocument(doc)) return;
    this.cancel(doc);
    const key = doc.uri.toString();
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      if (!doc.isClosed) this.validate(doc);
    }, DEBOUNCE_MS));
  }

  private cancel(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }
}
