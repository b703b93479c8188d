/**
 * The update direction of the `bloop` arm from the main and auxiliary gradients, each list of tensors
 * treated as one flat vector over all parameters (dot products and norms sum over every tensor).
 *
 * The EMA of the main gradient is updated first, g_ema ← g_ema + β(g_main − g_ema) (the first step
 * starts it at g_main), then:
 *   bloop   d = g_main + λ(g_aux − ⟨g_ema, g_aux⟩/(‖g_ema‖² + ε) · g_ema)        (Hsieh et al.)
 *   sum     d = g_main + λ g_aux
 *   pcgrad  c = min(⟨g_main, g_aux⟩, 0);
 *           d = (g_main − c/(‖g_aux‖² + ε)·g_aux) + λ(g_aux − c/(‖g_main‖² + ε)·g_main)
 *           i.e. PCGrad (Yu et al., 2020) for two tasks: when the gradients conflict (negative cosine)
 *           each is projected onto the normal plane of the other, original gradient, then they are
 *           summed with the weight λ on the auxiliary one. The projections do not depend on λ.
 *   pcgrad-onesided  d = g_main + λ(g_aux − c/(‖g_main‖² + ε)·g_main), the same c
 *           i.e. the reference's one-sided PCGrad: only the auxiliary gradient is projected onto the
 *           normal plane of the main gradient when they conflict; the main gradient is kept whole.
 * ε = 1e-7 as in the reference code. Diagnostics: cos(g_aux, g_ema) (the EMA is kept in every mode)
 * and the norm of what the mode removed from the plain sum, ‖g_main + λ g_aux − d‖.
 */
import * as tf from '@tensorflow/tfjs-core';
import { dotAll } from '../autodiff/higher-order';

export const BLOOP_MODES = ['bloop', 'sum', 'pcgrad', 'pcgrad-onesided'] as const;
export type BloopMode = (typeof BLOOP_MODES)[number];
export const PROJECTION_EPS = 1e-7;

export interface BloopDirection {
  direction: tf.Tensor[];
  /** The updated EMA of the main gradient (new tensors). */
  ema: tf.Tensor[];
  cosine: tf.Scalar;
  removedNorm: tf.Scalar;
}

const axpy = (a: readonly tf.Tensor[], s: tf.Scalar | number, b: readonly tf.Tensor[]): tf.Tensor[] => a.map((t, i) => tf.add(t, tf.mul(b[i], s)));

/** `ema` undefined at the first step. Call inside a tidy. */
export function bloopDirection(mode: BloopMode, gMain: readonly tf.Tensor[], gAux: readonly tf.Tensor[], ema: readonly tf.Tensor[] | undefined, beta: number, lambda: number): BloopDirection {
  const nextEma = ema ? ema.map((e, i) => tf.add(e, tf.mul(tf.sub(gMain[i], e), beta))) : gMain.map((g) => tf.clone(g));
  const emaSq = dotAll(nextEma, nextEma);
  const auxEma = dotAll(gAux, nextEma);
  let direction: tf.Tensor[];
  if (mode === 'bloop') {
    const ratio = tf.div(auxEma, tf.add(emaSq, PROJECTION_EPS)) as tf.Scalar;
    direction = axpy(gMain, lambda, axpy(gAux, tf.neg(ratio), nextEma));
  } else if (mode === 'sum') {
    direction = axpy(gMain, lambda, gAux);
  } else {
    const c = tf.minimum(dotAll(gMain, gAux), 0);
    const auxProj = axpy(gAux, tf.neg(tf.div(c, tf.add(dotAll(gMain, gMain), PROJECTION_EPS))) as tf.Scalar, gMain);
    const mainProj = mode === 'pcgrad' ? axpy(gMain, tf.neg(tf.div(c, tf.add(dotAll(gAux, gAux), PROJECTION_EPS))) as tf.Scalar, gAux) : gMain;
    direction = axpy(mainProj, lambda, auxProj);
  }
  const removed = gMain.map((g, i) => tf.sub(tf.add(g, tf.mul(gAux[i], lambda)), direction[i]));
  const removedNorm = tf.sqrt(dotAll(removed, removed)) as tf.Scalar;
  const cosine = tf.div(auxEma, tf.maximum(tf.sqrt(tf.mul(dotAll(gAux, gAux), emaSq)), 1e-30)) as tf.Scalar;
  return { direction, ema: nextEma, cosine, removedNorm };
}
