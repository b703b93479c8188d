/**
 * Loss-landscape slices and paths through weight space. Every point is one evaluation of the model
 * with the given weights on a fixed split: the task loss (cross-entropy for classification, mean
 * squared error in standardised units for regression — the same measure for every arm, whatever loss
 * trained it) and the task metric (accuracy, R²).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Model } from '../models';
import type { SplitTensors } from '../job/prepared-data';
import { taskLoss } from './analysis-context';
import { barrier, difference, offset, type Barrier, type Weights } from './directions';

export interface PointValues {
  loss: number;
  /** Accuracy (classification) or R² (regression). */
  metric: number;
}

export type Evaluate = (w: Weights) => PointValues;

/** Awaited after every evaluation (progress, a chance to see a stop request); may throw to stop. */
export type Tick = () => void | Promise<void>;

export function taskEvaluator(model: Model, split: SplitTensors, task: 'classification' | 'regression'): Evaluate {
  return (w) => {
    const stats = tf.tidy(() => {
      const params = w.map((values, i) => tf.tensor(values, model.specs[i].shape, 'float32'));
      const out = model.forward(params, split.x);
      const loss = taskLoss(task, out, split.y);
      if (task === 'classification') return tf.stack([loss, tf.mean(tf.cast(tf.equal(tf.argMax(out, 1), tf.argMax(split.y, 1)), 'float32'))]);
      const ssRes = tf.sum(tf.square(tf.sub(out, split.y)));
      const ssTot = tf.sum(tf.square(tf.sub(split.y, tf.mean(split.y))));
      return tf.stack([loss, ssRes, ssTot]);
    });
    const v = stats.dataSync();
    stats.dispose();
    if (task === 'classification') return { loss: v[0], metric: v[1] };
    return { loss: v[0], metric: v[2] > 0 ? 1 - v[1] / v[2] : 0 };
  };
}

/** `points` evenly spaced values over [−range, range]; 0 is one of them when `points` is odd. */
export function coordinates(points: number, range: number): number[] {
  if (points < 2) throw new Error('a slice needs at least 2 points per axis');
  return Array.from({ length: points }, (_, i) => (points % 2 === 1 && i === (points - 1) / 2 ? 0 : -range + (2 * range * i) / (points - 1)));
}

export interface Path {
  from: string;
  to: string;
  /** Positions: 0 is `from`, 1 is `to`. */
  t: number[];
  loss: number[];
  metric: number[];
  barrier: Barrier;
}

/** The straight path (1 − t)·a + t·b at `points` positions over [−margin, 1 + margin] (0 and 1 always among them). */
export async function interpolate(evaluate: Evaluate, a: Weights, b: Weights, names: { from: string; to: string }, points: number, margin = 0, tick: Tick = () => {}): Promise<Path> {
  const inner = Array.from({ length: points }, (_, i) => i / (points - 1));
  const step = 1 / (points - 1);
  const before = Array.from({ length: Math.round(margin / step) }, (_, i) => -(i + 1) * step).reverse();
  const after = before.map((x) => 1 - x).reverse();
  const t = [...before, ...inner, ...after];
  const d = difference(b, a);
  const values: PointValues[] = [];
  for (const s of t) {
    values.push(evaluate(s === 0 ? a : s === 1 ? b : offset(a, s, d)));
    await tick();
  }
  const loss = values.map((v) => v.loss);
  return { ...names, t, loss, metric: values.map((v) => v.metric), barrier: barrier(t, loss) };
}

export interface Slice {
  x: number[];
  /** Absent for a 1-D slice. */
  y?: number[];
  /** loss[j][i] at (x[i], y[j]); one row for a 1-D slice. */
  loss: number[][];
  metric: number[][];
}

/** center + x·d₁ (+ y·d₂) over the coordinate grid(s). */
export async function slice(evaluate: Evaluate, center: Weights, d1: Weights, x: number[], d2?: Weights, y?: number[], tick: Tick = () => {}): Promise<Slice> {
  const rows = d2 && y ? y : [0];
  const loss: number[][] = [];
  const metric: number[][] = [];
  for (const b of rows) {
    const l: number[] = [];
    const m: number[] = [];
    for (const a of x) {
      const v = evaluate(a === 0 && b === 0 ? center : offset(center, a, d1, b, d2));
      l.push(v.loss);
      m.push(v.metric);
      await tick();
    }
    loss.push(l);
    metric.push(m);
  }
  return d2 && y ? { x, y, loss, metric } : { x, loss, metric };
}
