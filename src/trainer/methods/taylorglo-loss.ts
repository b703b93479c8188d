/**
 * TaylorGLO losses (Gonzalez & Miikkulainen, arXiv 2002.00059): per class
 *   f(x, y) = p2·b + p3·b² + p4·b³ + p5·a·b + p6·a·b² + p7·a²·b,  a = x − p0, b = y − p1,
 * x the one-hot label and y the softmax output; L = −mean over the batch of Σ_classes f (the sign of
 * the reference code, where f = x·log y gives cross-entropy).
 *
 * `taylorgloLossBatch` evaluates many parameter vectors at once: f is a polynomial, so
 * L(θ) = −Σ_k c_k(θ)·M_k with the batch moments M_k = (1/n)·Σ_{i,classes} x^a·y^b of the nine monomials
 * in `TAYLORGLO_MONOMIALS` (computed once) and coefficients c_k(θ): one [m, 9] × [9] product.
 */
import * as tf from '@tensorflow/tfjs-core';
import { TAYLORGLO_MONOMIALS, taylorgloTerm } from '../../shared/methods/taylorglo-invariant';
import { softmax } from '../losses';

/** L for one parameter vector `p` (8 numbers) on probabilities `y` [n, C] and one-hot labels `x` [n, C]. */
export function taylorgloLoss(p: readonly number[], y: tf.Tensor2D, x: tf.Tensor2D): tf.Scalar {
  const [p0, p1, p2, p3, p4, p5, p6, p7] = p;
  const a = tf.sub(x, p0);
  const b = tf.sub(y, p1);
  const b2 = tf.square(b);
  const ab = tf.mul(a, b);
  const f = tf.addN([tf.mul(b, p2), tf.mul(b2, p3), tf.mul(tf.mul(b2, b), p4), tf.mul(ab, p5), tf.mul(tf.mul(ab, b), p6), tf.mul(tf.mul(ab, a), p7)]);
  return tf.div(tf.neg(tf.sum(f)), y.shape[0]);
}

/** TaylorGLO on logits `z`: y = softmax(z). */
export function taylorgloLogitLoss(p: readonly number[], z: tf.Tensor2D, x: tf.Tensor2D): tf.Scalar {
  return taylorgloLoss(p, softmax(z), x);
}

/** The nine monomial coefficients of the expanded f for each row of P [m, 8] → [m, 9]. */
function monomialCoefficients(P: tf.Tensor2D): tf.Tensor2D {
  const [p0, p1, p2, p3, p4, p5, p6, p7] = tf.unstack(P, 1);
  const m = tf.mul;
  const p0p1 = m(p0, p1);
  const p1sq = m(p1, p1);
  const p0sq = m(p0, p0);
  const cols = [
    // 1
    tf.addN([m(tf.neg(p2), p1), m(p3, p1sq), m(tf.neg(p4), m(p1sq, p1)), m(p5, p0p1), m(tf.neg(p6), m(p0, p1sq)), m(tf.neg(p7), m(p0sq, p1))]),
    // y: c1
    tf.addN([m(-2, m(p1, p3)), m(2, m(p0p1, p6)), p2, m(tf.neg(p5), p0), m(p7, p0sq), m(3, m(p4, p1sq))]),
    // y²: ch / 2
    tf.addN([p3, m(tf.neg(p6), p0), m(-3, m(p4, p1))]),
    // y³: chh / 3
    p4,
    // x
    tf.addN([m(tf.neg(p5), p1), m(p6, p1sq), m(2, m(p7, p0p1))]),
    // xy: cy
    tf.addN([m(-2, m(p1, p6)), p5, m(-2, m(p7, p0))]),
    // xy²: chy / 2
    p6,
    // x²
    m(tf.neg(p7), p1),
    // x²y: cyy
    p7,
  ];
  return tf.stack(cols, 1) as tf.Tensor2D;
}

/** M_k = (1/n)·Σ over rows and classes of x^a·y^b for each monomial, [9]. */
export function taylorgloMoments(y: tf.Tensor2D, x: tf.Tensor2D): tf.Tensor1D {
  const n = y.shape[0];
  const ys = [tf.onesLike(y), y, tf.square(y), tf.mul(tf.square(y), y)];
  const xs = [tf.onesLike(x), x, tf.square(x)];
  return tf.stack(TAYLORGLO_MONOMIALS.map(([i, j]) => tf.div(tf.sum(tf.mul(xs[i], ys[j])), n))) as tf.Tensor1D;
}

/**
 * L for each of m parameter vectors P [m, 8] on probabilities `y` [n, C] and one-hot labels `x`
 * [n, C] → [m]. Equal to `taylorgloLoss` row by row; differentiable in P and y.
 */
export function taylorgloLossBatch(P: tf.Tensor2D, y: tf.Tensor2D, x: tf.Tensor2D): tf.Tensor1D {
  if (P.rank !== 2 || P.shape[1] !== 8) throw new Error(`taylorgloLossBatch: P must be [m, 8], got [${P.shape.join(', ')}]`);
  return tf.tidy(() => tf.neg(tf.squeeze(tf.matMul(monomialCoefficients(P), tf.reshape(taylorgloMoments(y, x), [9, 1])), [1])) as tf.Tensor1D);
}

/** Points of the loss-shape trace. */
export const LOSS_SHAPE_POINTS = 50;

/**
 * The per-class loss −f(x, p) against the predicted probability p ∈ [0, 1] (50 evenly spaced
 * points, ends included) for target x = 1 (`lossShape/y1`) and x = 0 (`lossShape/y0`).
 */
export function taylorgloLossShape(p: readonly number[]): Record<string, number[]> {
  const ps = Array.from({ length: LOSS_SHAPE_POINTS }, (_, i) => i / (LOSS_SHAPE_POINTS - 1));
  return {
    'lossShape/p': ps,
    'lossShape/y1': ps.map((q) => -taylorgloTerm(p, 1, q)),
    'lossShape/y0': ps.map((q) => -taylorgloTerm(p, 0, q)),
  };
}
