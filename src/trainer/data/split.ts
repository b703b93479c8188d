/** Train/val/test split (seeded, in file order, or from a split file) and standardisation fitted on the train split. */
import type { FractionSplitConfig, SplitConfig } from '../../shared/config/types';
import { checkSplitIndices, readSplitFile, type SplitIndices } from '../../shared/data/split-file';
import { Rng } from '../../shared/rng';
import { DataError, type Dataset, type RawDataset, type Split } from './types';

/**
 * Row counts for n rows: train = round(n · train), val = round(n · (train + val)) − train, test the
 * rest (rounding the cumulative fraction keeps the sum at n). Train gets at least one row, and val
 * too unless its fraction is 0.
 */
export function splitSizes(n: number, split: FractionSplitConfig): { train: number; val: number; test: number } {
  if (!(split.train > 0 && split.val >= 0 && split.train + split.val <= 1 + 1e-9)) {
    throw new DataError(`split fractions must be positive (val may be 0) with train + val ≤ 1 (got train ${split.train}, val ${split.val})`);
  }
  const minVal = split.val > 0 ? 1 : 0;
  if (n < 1 + minVal) throw new DataError(`the dataset has ${n} row${n === 1 ? '' : 's'}; a train and a validation split need at least 2`);
  const cut = (f: number): number => Math.min(n, Math.round(n * f));
  let train = Math.max(1, cut(split.train));
  let val = Math.max(minVal, cut(split.train + split.val) - train);
  if (train + val > n) train = n - val;
  if (train < 1) {
    train = 1;
    val = n - 1;
  }
  return { train, val, test: n - train - val };
}

function take(raw: RawDataset, d: number, rows: ArrayLike<number>): Split {
  const x = new Float32Array(rows.length * d);
  const y = new Float32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    x.set(raw.x.subarray(r * d, (r + 1) * d), i * d);
    y[i] = raw.y[r];
  }
  return { x, y, n: rows.length };
}

export interface ColumnStats {
  mean: Float64Array;
  /** Population standard deviation; a zero (or non-finite) spread is replaced by 1. */
  std: Float64Array;
}

/** Per-column mean and std of a row-major n × d block. */
export function columnStats(values: Float32Array, n: number, d: number): ColumnStats {
  const mean = new Float64Array(d);
  const std = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += values[i * d + j];
  for (let j = 0; j < d; j++) mean[j] /= n;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) std[j] += (values[i * d + j] - mean[j]) ** 2;
  }
  for (let j = 0; j < d; j++) {
    const s = Math.sqrt(std[j] / n);
    std[j] = s > 1e-12 && Number.isFinite(s) ? s : 1;
  }
  return { mean, std };
}

/** In place: (v − mean) / std per column. */
function applyStats(values: Float32Array, d: number, stats: ColumnStats): void {
  for (let k = 0; k < values.length; k++) {
    const j = k % d;
    values[k] = (values[k] - stats.mean[j]) / stats.std[j];
  }
}

/** A copy of `raw` with every feature divided by `scale`. */
export function scaleFeatures(raw: RawDataset, scale: number): RawDataset {
  if (!(scale > 0 && Number.isFinite(scale))) throw new DataError(`data.scale must be a positive number (got ${scale})`);
  return { ...raw, x: raw.x.map((v) => v / scale), info: [...raw.info, `features divided by ${scale}`] };
}

function classCounts(raw: RawDataset): string {
  const counts = new Array<number>(raw.nClasses).fill(0);
  for (const c of raw.y) counts[c]++;
  return `class counts: ${counts.map((c, k) => `${raw.classNames?.[k] ?? k} ${c}`).join(', ')}`;
}

/**
 * The row indices of each split: from the split file (checked against n), or the rows shuffled with
 * `new Rng(seed).fork('split')` (in file order when `shuffle` is false) and cut by the fractions.
 */
export function splitIndices(n: number, split: SplitConfig, seed: number): SplitIndices & { how: string } {
  if ('indices' in split) {
    const lists = readSplitFile(split.indices);
    checkSplitIndices(lists, n, split.indices);
    return { ...lists, how: `from ${split.indices}` };
  }
  const sizes = splitSizes(n, split);
  const shuffle = split.shuffle !== false;
  const order = Array.from(shuffle ? new Rng(seed).fork('split').permutation(n) : Array.from({ length: n }, (_, i) => i));
  return {
    train: order.slice(0, sizes.train),
    val: order.slice(sizes.train, sizes.train + sizes.val),
    test: order.slice(sizes.train + sizes.val),
    how: shuffle ? 'seeded shuffle' : 'file order',
  };
}

/**
 * Cuts the rows into train/val/test (`splitIndices`), and when `standardize` is set scales features
 * (and regression targets) by the train split's mean and std.
 */
export function splitDataset(raw: RawDataset, split: SplitConfig, standardize: boolean, seed: number): Dataset {
  const d = raw.featureNames.length;
  const rows = splitIndices(raw.n, split, seed);
  const train = take(raw, d, rows.train);
  const val = take(raw, d, rows.val);
  const test = take(raw, d, rows.test);
  const info = [...raw.info];
  if (raw.task === 'classification') info.push(classCounts(raw));
  info.push(`split: ${train.n} train / ${val.n} val / ${test.n} test rows (${rows.how})`);
  if (val.n === 0) info.push('no validation split: evaluations (val/*) use the training split');
  let targetScale: Dataset['targetScale'];
  if (standardize) {
    const stats = columnStats(train.x, train.n, d);
    for (const s of [train, val, test]) applyStats(s.x, d, stats);
    info.push('features standardised with the train split mean and std');
    if (raw.task === 'regression') {
      const t = columnStats(train.y, train.n, 1);
      for (const s of [train, val, test]) applyStats(s.y, 1, t);
      targetScale = { mean: t.mean[0], std: t.std[0] };
      info.push(`target standardised with the train split mean ${fmt(targetScale.mean)} and std ${fmt(targetScale.std)}; multiply RMSE by the std for original units`);
    }
  }
  return {
    name: raw.name,
    task: raw.task,
    featureNames: raw.featureNames,
    nFeatures: d,
    nClasses: raw.nClasses,
    ...(raw.classNames ? { classNames: raw.classNames } : {}),
    ...(raw.imageShape ? { imageShape: raw.imageShape } : {}),
    ...(targetScale ? { targetScale } : {}),
    train,
    val,
    test,
    info,
  };
}

function fmt(v: number): string {
  return Number(v.toPrecision(6)).toString();
}
