/**
 * A published train/val/test split: a JSON file `{ "train": [...], "val": [...], "test": [...] }` of
 * 0-based row indices into the dataset as loaded (CSV: data rows after the header, counted after any
 * dropped invalid rows). Each list keeps its order. Shared so the CLI can check the file before a run.
 */
import { readFileSync } from 'node:fs';
import { DataError } from './types';

export interface SplitIndices {
  train: number[];
  val: number[];
  test: number[];
}

const LISTS = ['train', 'val', 'test'] as const;

/** Reads and shape-checks a split file; every error names the file. */
export function readSplitFile(path: string): SplitIndices {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (e as Error).message;
    throw new DataError(`split file ${path}: ${reason}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new DataError(`split file ${path}: not valid JSON (${(e as Error).message})`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new DataError(`split file ${path}: expected an object { "train": [...], "val": [...], "test": [...] }`);
  }
  const obj = value as Record<string, unknown>;
  const unknown = Object.keys(obj).filter((k) => !(LISTS as readonly string[]).includes(k));
  if (unknown.length > 0) throw new DataError(`split file ${path}: unknown key '${unknown[0]}'; valid: ${LISTS.join(', ')}`);
  const out: SplitIndices = { train: [], val: [], test: [] };
  for (const key of LISTS) {
    const list = obj[key];
    if (list === undefined) {
      if (key === 'train') throw new DataError(`split file ${path}: missing the "train" list`);
      continue;
    }
    if (!Array.isArray(list)) throw new DataError(`split file ${path}: "${key}" must be an array of row indices`);
    list.forEach((v, i) => {
      if (!Number.isInteger(v) || (v as number) < 0) {
        throw new DataError(`split file ${path}: ${key}[${i}] is ${JSON.stringify(v)}; row indices are integers ≥ 0`);
      }
    });
    out[key] = list as number[];
  }
  if (out.train.length === 0) throw new DataError(`split file ${path}: the "train" list is empty`);
  return out;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Checks the indices against a dataset of `n` rows: in range, each row in at most one list once, every row in some list. */
export function checkSplitIndices(split: SplitIndices, n: number, path: string): void {
  const owner = new Array<string | undefined>(n);
  for (const key of LISTS) {
    split[key].forEach((row, i) => {
      if (row >= n) throw new DataError(`split file ${path}: ${key}[${i}] = ${row} is out of range; the dataset has ${plural(n, 'row')} (indices 0 to ${n - 1})`);
      const prev = owner[row];
      if (prev !== undefined) {
        const where = prev === key ? `twice in "${key}"` : `in both "${prev}" and "${key}"`;
        throw new DataError(`split file ${path}: row ${row} is ${where}; the lists must not overlap`);
      }
      owner[row] = key;
    });
  }
  const missing: number[] = [];
  for (let r = 0; r < n; r++) if (owner[r] === undefined) missing.push(r);
  if (missing.length > 0) {
    const first = missing.slice(0, 5).join(', ') + (missing.length > 5 ? ', …' : '');
    throw new DataError(`split file ${path}: ${plural(missing.length, 'row')} of ${n} ${missing.length === 1 ? 'is' : 'are'} in no list (${first}); every row must be in train, val or test`);
  }
}
