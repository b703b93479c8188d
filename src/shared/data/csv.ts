/**
 * A user's CSV file as a dataset. The first record is the header; `target` names the label column
 * and `features` (default: every other column) the inputs, which must be numeric.
 *
 * Task inference when `task` is not given: a target with any non-numeric value is classification
 * (labels sorted as strings, in code-unit order, and numbered 0, 1, …); an all-numeric target with at
 * most 20 distinct values, all integers, is classification (labels sorted numerically); anything
 * else is regression. Numeric classification targets are numbered in sorted order too, so
 * {1, 2, 3} become classes 0, 1, 2 with names '1', '2', '3'.
 *
 * Missing values are empty cells and NA, N/A, NaN, null, None, ? (any case). A missing or
 * non-numeric feature, a missing target (or a non-numeric one when task is 'regression') and a row
 * with too few or too many cells are errors naming `file:line:column`, or with `dropInvalidRows`
 * the row is dropped and counted in `info`. The header may not have empty or repeated names, and
 * the target needs at least two rows and two distinct values (one class, or a constant regression
 * target, leaves nothing to learn or an undefined R²).
 */
import type { CsvDataConfig, Task } from '../config/types';
import { readCsvRecords, type CsvRecord } from './csv-records';
import { DataError, type DataLocation, type RawDataset } from './types';

/** At most this many distinct integer values make a numeric target a classification target. */
export const MAX_INFERRED_CLASSES = 20;

const MISSING = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '?']);
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Whether a cell is empty or a missing-value marker (surrounding whitespace ignored, even inside quotes). */
export function isMissing(cell: string): boolean {
  return MISSING.has(cell.trim().toLowerCase());
}

/** The number a cell holds, or undefined when it is not a plain decimal number (surrounding whitespace ignored). */
export function parseNumber(cell: string): number | undefined {
  const text = cell.trim();
  if (!NUMBER.test(text)) return undefined;
  const v = Number(text);
  return Number.isFinite(v) ? v : undefined;
}

export type CsvOptions = Omit<CsvDataConfig, 'dataset'>;

interface Problem {
  message: string;
  location: DataLocation;
}

interface Columns {
  header: string[];
  /** Line of the header, where column problems point. */
  line: number;
  target: number;
  features: number[];
}

function resolveColumns(file: string, header: CsvRecord, opts: CsvOptions): Columns {
  const names = header.cells;
  const at = (column: number): DataLocation => ({ file, line: header.line, column });
  const index = new Map<string, number>();
  names.forEach((name, j) => {
    if (name === '') throw new DataError(`column ${j + 1} has no name in the header`, at(j + 1));
    if (index.has(name)) throw new DataError(`duplicate column name '${name}' in the header`, at(j + 1));
    index.set(name, j);
  });
  const available = names.join(', ');
  const target = index.get(opts.target);
  if (target === undefined) {
    const hint = names.length === 1 && /[;\t|]/.test(names[0]) ? ' (only comma-separated files are supported)' : '';
    throw new DataError(`target column '${opts.target}' not found; available columns: ${available}${hint}`, at(1));
  }
  let features: number[];
  if (opts.features) {
    const unknown = opts.features.filter((f) => !index.has(f));
    if (unknown.length > 0) {
      const list = unknown.map((f) => `'${f}'`).join(', ');
      throw new DataError(`unknown feature column${unknown.length > 1 ? 's' : ''} ${list}; available columns: ${available}`, at(1));
    }
    if (opts.features.includes(opts.target)) throw new DataError(`target column '${opts.target}' is also listed in features`, at(target + 1));
    features = opts.features.map((f) => index.get(f) as number);
  } else {
    features = names.map((_, j) => j).filter((j) => j !== target);
  }
  if (features.length === 0) throw new DataError(`no feature columns besides the target '${opts.target}'`, at(1));
  return { header: names, line: header.line, target, features };
}

/** The first problem of a row, or its feature values and raw target. */
function readRow(file: string, rec: CsvRecord, cols: Columns, task: Task | undefined): Problem | { x: number[]; target: string } {
  const width = cols.header.length;
  const at = (j: number): DataLocation => ({ file, line: rec.line, column: j + 1 });
  if (rec.cells.length < width) {
    const j = rec.cells.length;
    return { message: `row has ${j} columns, expected ${width} (missing column '${cols.header[j]}')`, location: at(j) };
  }
  if (rec.cells.length > width) {
    return { message: `row has ${rec.cells.length} columns, expected ${width} (the header has ${width})`, location: at(width) };
  }
  const x: number[] = [];
  for (const j of cols.features) {
    const cell = rec.cells[j];
    if (isMissing(cell)) return { message: `missing value in column '${cols.header[j]}'`, location: at(j) };
    const v = parseNumber(cell);
    if (v === undefined) return { message: `non-numeric value '${cell}' in column '${cols.header[j]}'`, location: at(j) };
    x.push(v);
  }
  const target = rec.cells[cols.target];
  const t = at(cols.target);
  if (isMissing(target)) return { message: `missing target value in column '${cols.header[cols.target]}'`, location: t };
  if (task === 'regression' && parseNumber(target) === undefined) {
    return { message: `non-numeric target value '${target}' in column '${cols.header[cols.target]}' (task is regression)`, location: t };
  }
  return { x, target };
}

interface Labels {
  task: Task;
  y: Float32Array;
  nClasses: number;
  classNames?: string[];
  why: string;
}

/** The task a target implies when the config does not give one (rule in the file comment). */
function inferTask(allNumeric: boolean, distinct: number[]): { task: Task; why: string } {
  if (!allNumeric) return { task: 'classification', why: 'inferred: the target has non-numeric values' };
  if (distinct.length <= MAX_INFERRED_CLASSES && distinct.every(Number.isInteger)) {
    return { task: 'classification', why: `inferred: ${distinct.length} distinct integer target values (≤ ${MAX_INFERRED_CLASSES})` };
  }
  return { task: 'regression', why: `inferred: numeric target with more than ${MAX_INFERRED_CLASSES} distinct or non-integer values` };
}

function encodeTarget(raw: string[], given: Task | undefined): Labels {
  const numeric = raw.map(parseNumber);
  const allNumeric = numeric.every((v) => v !== undefined);
  const values = numeric as number[];
  const distinct = allNumeric ? [...new Set(values)].sort((a, b) => a - b) : [];
  const { task, why } = given ? { task: given, why: 'given' } : inferTask(allNumeric, distinct);
  if (task === 'regression') return { task, y: Float32Array.from(values), nClasses: 1, why };
  const keys = allNumeric ? distinct.map(String) : [...new Set(raw)].sort();
  const index = new Map(keys.map((k, i) => [k, i]));
  const y = Float32Array.from(raw, (r, i) => index.get(allNumeric ? String(values[i]) : r) as number);
  return { task, y, nClasses: keys.length, classNames: keys, why };
}

/** Reads `opts.path` as a dataset named `name`. */
export function readCsvDataset(opts: CsvOptions, name = 'csv'): RawDataset {
  const file = opts.path;
  const records = readCsvRecords(file);
  if (records.length === 0) throw new DataError('empty file (expected a header row and data rows)', { file, line: 1, column: 1 });
  const cols = resolveColumns(file, records[0], opts);
  if (records.length === 1) throw new DataError('no data rows after the header', { file, line: records[0].line + 1, column: 1 });
  const xs: number[] = [];
  const targets: string[] = [];
  const lines: number[] = [];
  const dropped: Problem[] = [];
  for (const rec of records.slice(1)) {
    const row = readRow(file, rec, cols, opts.task);
    if ('message' in row) {
      if (!opts.dropInvalidRows) throw new DataError(row.message, row.location);
      dropped.push(row);
      continue;
    }
    for (const v of row.x) xs.push(v);
    targets.push(row.target);
    lines.push(rec.line);
  }
  if (targets.length === 0) {
    throw new DataError(`every data row of '${file}' is invalid (${dropped.length} dropped); first: ${describe(dropped[0])}`);
  }
  if (targets.length === 1) {
    const valid = dropped.length > 0 ? ` valid (${dropped.length} dropped)` : '';
    throw new DataError(`only one data row${valid}; a train and a validation split need at least 2`, { file, line: lines[0], column: 1 });
  }
  const labels = encodeTarget(targets, opts.task);
  if (labels.y.every((v) => v === labels.y[0])) {
    const column = { file, line: cols.line, column: cols.target + 1 };
    throw new DataError(`the target column '${opts.target}' has the same value ('${targets[0]}') in every row; it needs at least 2 distinct values`, column);
  }
  const info = [`csv: ${file}: ${targets.length} rows, ${cols.features.length} features, target '${opts.target}', ${labels.task} (${labels.why})`];
  if (dropped.length > 0) info.push(droppedNote(dropped, records.length - 1));
  return {
    name,
    task: labels.task,
    featureNames: cols.features.map((j) => cols.header[j]),
    nClasses: labels.nClasses,
    classNames: labels.classNames,
    x: Float32Array.from(xs),
    y: labels.y,
    n: targets.length,
    info,
  };
}

function describe(p: Problem): string {
  return `${p.location.file}:${p.location.line}:${p.location.column}: ${p.message}`;
}

const SHOWN_LINES = 5;

function droppedNote(dropped: Problem[], total: number): string {
  const lines = dropped.slice(0, SHOWN_LINES).map((p) => p.location.line).join(', ');
  const more = dropped.length > SHOWN_LINES ? ', …' : '';
  return `dropped ${dropped.length} of ${total} rows with missing, non-numeric or ragged cells (lines ${lines}${more}); first: ${describe(dropped[0])}`;
}
