/** The pure pipeline: text → parse → schema (with defaults) → semantic checks → resolved config. */
import { semanticIssues, type CheckOptions } from './checks';
import type { Issue } from './positions';
import { parseConfigText } from './parse';
import { LineIndex, locate, toProblem } from './positions';
import type { ConfigProblem } from './problem';
import { resolveConfig } from './resolve';
import type { ExperimentConfig } from './types';
import { schemaIssues } from './validate';

export interface LoadResult {
  /** Set only when there are no errors (warnings allowed). */
  config?: ExperimentConfig;
  /** Errors and warnings, in text order. */
  problems: ConfigProblem[];
}

export interface ValidateOptions {
  /** Whether a file exists; when given, a CSV dataset's path is checked. */
  fileExists?: (absolutePath: string) => boolean;
}

/**
 * The semantic checks, which also run on values the schema refused (so a config's every problem shows
 * at once) and are tested not to throw on any shape (test/unit/config/semantic-robust.test.ts). Should
 * one throw on a shape no test reached, the schema's errors already describe that config: they stand
 * alone rather than the user meeting an exception. On a config the schema accepts, a throw is a bug.
 */
function semanticIssuesBeside(schema: readonly Issue[], value: unknown, opts: CheckOptions): Issue[] {
  try {
    return semanticIssues(value, opts);
  } catch (e) {
    if (schema.some((i) => i.severity === 'error')) return [];
    throw e;
  }
}

/**
 * Parses `text` (JSONC for .json/.jsonc, YAML for .yaml/.yml, by `fileName`), validates it against the
 * schema, runs the semantic checks, fills defaults and resolves relative paths against
 * dirname(fileName). Pure unless `options.fileExists` looks at the disk; never changes `text`.
 */
export function validateConfigText(text: string, fileName: string, options: ValidateOptions = {}): LoadResult {
  const parsed = parseConfigText(text, fileName);
  if (parsed.value === undefined) return { problems: parsed.problems };
  const value = parsed.value;
  const schema = schemaIssues(value);
  const issues = [...schema, ...semanticIssuesBeside(schema, value, { fileName, fileExists: options.fileExists })];
  const index = new LineIndex(text);
  const problems = [...parsed.problems, ...issues.map((i) => toProblem(index, locate(parsed.locator, i), i))];
  problems.sort((a, b) => a.offset - b.offset);
  if (problems.some((p) => p.severity === 'error')) return { problems };
  return { config: resolveConfig(value, fileName), problems };
}
