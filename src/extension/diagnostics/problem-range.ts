/**
 * Maps a config problem (0-based character offset and length from `validateConfigText`) to a
 * line/character range, the way the editor counts (UTF-16 code units, as JavaScript strings do). vscode-free.
 */
import type { ConfigProblem } from '../../shared/config';

export interface Pos {
  line: number;
  character: number;
}

export interface ProblemRange {
  start: Pos;
  end: Pos;
}

export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 && text.charCodeAt(i + 1) === 10) continue;
      if (c === 10 || c === 13) this.starts.push(i + 1);
    }
  }

  positionAt(offset: number): Pos {
    const o = Math.max(0, Math.min(this.text.length, Math.floor(offset)));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo] };
  }

  /** Offset of a 1-based line and column, clamped to the text. */
  offsetAt(line1: number, column1: number): number {
    const line = Math.max(0, Math.min(this.starts.length - 1, line1 - 1));
    return Math.min(this.text.length, this.starts[line] + Math.max(0, column1 - 1));
  }
}

/** The problem's range; an empty range is widened to the character under it so it stays visible. */
export function problemRange(text: string, p: Pick<ConfigProblem, 'offset' | 'length' | 'line' | 'column'>, index = new LineIndex(text)): ProblemRange {
  let start = Number.isFinite(p.offset) && p.offset >= 0 ? p.offset : index.offsetAt(p.line, p.column);
  start = Math.min(start, text.length);
  let end = Math.min(text.length, start + (Number.isFinite(p.length) && p.length > 0 ? p.length : 0));
  if (end === start && start < text.length && !/[\r\n]/.test(text[start])) end = start + 1;
  return { start: index.positionAt(start), end: index.positionAt(end) };
}
