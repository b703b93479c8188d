/**
 * Maps a config problem (0-based character offset and length from `validateConfigText`) to a
 * line/character range, the way the editor counts (UTF-16 code units, as JavaScript strings do). vscode-free.
 */
import type { ConfigProblem } from '../../shared/config';
import { LineIndex } from '../../shared/config/positions';

export { LineIndex };

export interface Pos {
  line: number;
  character: number;
}

export interface ProblemRange {
  start: Pos;
  end: Pos;
}

/** 0-based line and character, as the editor counts. */
function editorPos(index: LineIndex, offset: number): Pos {
  const p = index.position(Math.floor(offset));
  return { line: p.line - 1, character: p.column - 1 };
}

/** The problem's range; an empty range is widened to the character under it so it stays visible. */
export function problemRange(text: string, p: Pick<ConfigProblem, 'offset' | 'length' | 'line' | 'column'>, index = new LineIndex(text)): ProblemRange {
  let start = Number.isFinite(p.offset) && p.offset >= 0 ? p.offset : index.offsetAt(p.line, p.column);
  start = Math.min(start, text.length);
  let end = Math.min(text.length, start + (Number.isFinite(p.length) && p.length > 0 ? p.length : 0));
  if (end === start && start < text.length && !/[\r\n]/.test(text[start])) end = start + 1;
  return { start: editorPos(index, start), end: editorPos(index, end) };
}
