/** Shared helpers for the data tests. */
import type { DataConfig } from '../../../src/shared/config/types';
import type { Dataset, Split } from '../../../src/trainer/data';

export const SPLIT = { train: 0.7, val: 0.15 };

/** A data config with the usual split and no standardisation unless asked. */
export function dataConfig(dataset: string, params: Record<string, unknown> = {}, standardize = false): DataConfig {
  return { dataset, ...params, split: SPLIT, standardize };
}

/** Every row of the three splits, concatenated. */
export function allRows(d: Dataset): Split {
  const parts = [d.train, d.val, d.test];
  const x = new Float32Array(parts.reduce((s, p) => s + p.x.length, 0));
  const y = new Float32Array(parts.reduce((s, p) => s + p.n, 0));
  let xo = 0;
  let yo = 0;
  for (const p of parts) {
    x.set(p.x, xo);
    y.set(p.y, yo);
    xo += p.x.length;
    yo += p.n;
  }
  return { x, y, n: y.length };
}

export function counts(y: Float32Array, nClasses: number): number[] {
  const c = new Array<number>(nClasses).fill(0);
  for (const v of y) c[v]++;
  return c;
}

export function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s / values.length;
}

export function std(values: ArrayLike<number>): number {
  const m = mean(values);
  let s = 0;
  for (let i = 0; i < values.length; i++) s += (values[i] - m) ** 2;
  return Math.sqrt(s / values.length);
}

/** Column j of a row-major block with d columns. */
export function column(x: Float32Array, d: number, j: number): Float32Array {
  return Float32Array.from({ length: x.length / d }, (_, i) => x[i * d + j]);
}
