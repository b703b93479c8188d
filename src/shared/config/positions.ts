/** JSON paths, source ranges and 1-based line/column positions of config nodes. */
import type { ConfigProblem, Severity } from './problem';

export type Segment = string | number;

/** A 0-based character range. */
export interface SourceRange {
  offset: number;
  length: number;
}

/** Finds the source ranges of the nodes of one parsed text. */
export interface SourceLocator {
  /** Range of the value at `path`, or undefined when the text has no such node. */
  value(path: readonly Segment[]): SourceRange | undefined;
  /** Range of the key of the property at `path` (its last segment names the key). */
  key(path: readonly Segment[]): SourceRange | undefined;
}

/** Where a problem points: the value, the property's key, or the object that should hold the property. */
export type Target = 'value' | 'key' | 'parent';

/** A problem before it has a position in the text. */
export interface Issue {
  path: Segment[];
  message: string;
  severity: Severity;
  target: Target;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** ['losses', 1, 'type'] → "losses[1].type"; keys that are not identifiers are quoted: a["b c"]. */
export function formatPath(path: readonly Segment[]): string {
  let out = '';
  for (const s of path) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (IDENTIFIER.test(s)) out += out ? `.${s}` : s;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/** Offsets → 1-based line and column; lines end at \n, \r\n or \r. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 && text.charCodeAt(i + 1) === 10) continue;
      if (c === 10 || c === 13) this.starts.push(i + 1);
    }
  }

  position(offset: number): { line: number; column: number } {
    const o = Math.max(0, Math.min(this.text.length, offset));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - this.starts[lo] + 1 };
  }

  /** Offset of a 1-based line and column, clamped to the text. */
  offsetAt(line: number, column: number): number {
    const l = Math.max(0, Math.min(this.starts.length - 1, line - 1));
    return Math.min(this.text.length, this.starts[l] + Math.max(0, column - 1));
  }
}

/** The issue's range: its node, or the nearest ancestor present in the text, or the start of the text. */
export function locate(locator: SourceLocator, issue: Issue): SourceRange {
  const { path, target } = issue;
  if (target === 'key' && path.length > 0) {
    const key = locator.key(path);
    if (key) return key;
  }
  let p = target === 'parent' ? path.slice(0, -1) : path;
  for (;;) {
    const range = locator.value(p);
    if (range) return range;
    if (p.length === 0) return { offset: 0, length: 0 };
    p = p.slice(0, -1);
  }
}

export function toProblem(index: LineIndex, range: SourceRange, issue: Pick<Issue, 'path' | 'message' | 'severity'>): ConfigProblem {
  const { line, column } = index.position(range.offset);
  return { message: issue.message, path: formatPath(issue.path), line, column, offset: range.offset, length: range.length, severity: issue.severity };
}
