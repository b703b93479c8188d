/** The problem record shared by the CLI (`loss-lab validate`), the trainer and the editor diagnostics. */

export type Severity = 'error' | 'warning';

export interface ConfigProblem {
  /** Human text, e.g. "must be >= 1" or "unknown loss 'msee'; valid losses: mse, mae, …". */
  message: string;
  /** JSON path like "losses[1].type" or "train.optimizer.lr" ('' for the root). For a missing property, the path it should have. */
  path: string;
  /** 1-based line and column (UTF-16 code units) of the offending node. */
  line: number;
  column: number;
  /** 0-based character range in the text, for editor squiggles. */
  offset: number;
  length: number;
  severity: Severity;
}

/** "file:line:column: message" — what `loss-lab validate` prints; warnings say so after the position. */
export function formatProblem(fileName: string, p: ConfigProblem): string {
  return `${fileName}:${p.line}:${p.column}: ${p.severity === 'warning' ? 'warning: ' : ''}${p.message}`;
}
