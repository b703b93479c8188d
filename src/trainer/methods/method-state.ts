/** Lists of tensors in a method's checkpoint state, under `<key>.<i>`. */
import * as tf from '@tensorflow/tfjs-core';
import type { MethodState } from './types';

export function emptyState(values: Record<string, unknown> = {}): MethodState {
  return { tensors: {}, values };
}

/** Copies the tensors' values into the state (a read per tensor). */
export function putTensors(state: MethodState, key: string, ts: readonly tf.Tensor[]): void {
  ts.forEach((t, i) => (state.tensors[`${key}.${i}`] = { shape: [...t.shape], data: new Float32Array(t.dataSync()) }));
}

/** The tensors saved under `key` as new kept tensors; a one-line error when `count` of them are not there. */
export function takeTensors(state: MethodState, key: string, count: number): tf.Tensor[] {
  const saved = Array.from({ length: count }, (_, i) => state.tensors[`${key}.${i}`]);
  const missing = saved.findIndex((t) => t === undefined);
  if (missing >= 0) throw new Error(`the checkpoint's method state has no tensor '${key}.${missing}'`);
  return saved.map((t) => tf.keep(tf.tensor(t.data, t.shape)));
}

/** How many tensors are saved under `key`. */
export function countTensors(state: MethodState, key: string): number {
  let n = 0;
  while (state.tensors[`${key}.${n}`] !== undefined) n++;
  return n;
}
