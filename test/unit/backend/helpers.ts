// Shared helpers for the backend tests: seeded float32-representable data, norm-wise relative error,
// running one computation on several backends, and a leak check that also counts the backend's own
// data buffers (kernel intermediates are not engine tensors, so tf.memory() alone would miss them).
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/trainer/backend';

/** Deterministic values in [-scale, scale), each exactly representable in float32. */
export function values(n: number, seed: number, scale = 1): number[] {
  let s = (seed * 2654435761) >>> 0 || 1;
  return Array.from({ length: n }, () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return Math.fround(scale * (2 * (s / 4294967296) - 1));
  });
}

export function tensorOf(shape: number[], seed: number, scale = 1): tf.Tensor {
  return tf.tensor(values(shape.reduce((a, b) => a * b, 1), seed, scale), shape);
}

/** ‖a − b‖ / max(‖b‖, floor): one number per comparison, robust to tiny components. */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-12): number {
  assert.equal(a.length, b.length, 'length mismatch');
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return Math.sqrt(num) / Math.max(Math.sqrt(den), floor);
}

/** Asserts a relative error below tol and returns it (tests report it as a diagnostic). */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, label: string): number {
  const e = relErr(actual, expected);
  assert.ok(Array.from(actual).every(Number.isFinite), `${label}: non-finite values`);
  assert.ok(e < tol, `${label}: relative error ${e.toExponential(2)} ≥ ${tol}`);
  return e;
}

/** Reads tensors (flattened, concatenated) and disposes them. */
export function take(ts: tf.Tensor | tf.Tensor[]): number[] {
  const list = Array.isArray(ts) ? ts : [ts];
  const out = list.flatMap((t) => Array.from(t.dataSync()));
  tf.dispose(list);
  return out;
}

export const BACKENDS = ['cpu', 'wasm'] as const;

/** Runs `f` on each backend (after initBackend) and returns the flat results by backend. */
export async function onEach(f: () => tf.Tensor | tf.Tensor[]): Promise<Record<(typeof BACKENDS)[number], number[]>> {
  const out = {} as Record<(typeof BACKENDS)[number], number[]>;
  for (const b of BACKENDS) {
    await initBackend(b);
    out[b] = take(tf.tidy(f));
  }
  return out;
}

/** Engine tensors and backend data buffers in use. */
export function footprint(): { tensors: number; buffers: number } {
  return { tensors: tf.memory().numTensors, buffers: tf.engine().backend.numDataIds() };
}

/** Runs f a few times and asserts that neither engine tensors nor backend buffers accumulate. */
export function assertNoLeak(f: () => void, label: string): void {
  f();
  const before = footprint();
  for (let i = 0; i < 3; i++) f();
  assert.deepEqual(footprint(), before, `${label}: tensors or backend buffers leaked`);
}
