/**
 * The shape of a TaylorGLO loss (Gonzalez & Miikkulainen, arXiv 2002.00059) as a chart draws it: the
 * loss against the predicted probability p of one class. Pure float64 arithmetic, shared by the chart
 * webview and tests.
 *
 * TaylorGLO's batch loss is L = −mean over samples of Σ_classes f(x_c, y_c), with f the per-class term
 * (`taylorgloTerm`), x_c the one-hot label and y_c the softmax output of class c. A class contributes
 *   target1(p) = −f(1, p)   when it is the sample's true class (x = 1) and is predicted with y = p,
 *   target0(p) = −f(0, p)   when it is a wrong class (x = 0) predicted with y = p.
 * These two per-class terms are what the loss-shape chart plots, raw (no offset: a TaylorGLO loss is
 * defined up to a constant, so only slopes and curvature matter for training). Cross-entropy's term
 * is −x·log y: −log p for the true class and 0 for the others.
 *
 * `sample` is the whole per-sample loss Σ_classes −f for a sample whose true class is predicted with
 * probability p and whose n − 1 other classes share 1 − p evenly:
 *   sample(p) = −f(1, p) − (n − 1)·f(0, (1 − p)/(n − 1)).
 * It is the only part that depends on the number of classes.
 */
import { checkTaylorgloParams, taylorgloTerm } from './taylorglo-invariant';

/** The probability range sampled: the ends are left out so −log p stays finite. */
export const SHAPE_P_MIN = 0.001;
export const SHAPE_P_MAX = 0.999;
/** Default number of sample points (evenly spaced over [SHAPE_P_MIN, SHAPE_P_MAX], ends included). */
export const SHAPE_POINTS = 100;

export interface TaylorgloShape {
  /** The predicted probabilities p, ascending. */
  p: number[];
  /** −f(1, p): the true class's term. */
  target1: number[];
  /** −f(0, p): a wrong class's term. */
  target0: number[];
  /** −f(1, p) − (n − 1)·f(0, (1 − p)/(n − 1)): one sample's whole loss, the other classes sharing 1 − p evenly. */
  sample: number[];
  nClasses: number;
}

/** `points` evenly spaced probabilities over [SHAPE_P_MIN, SHAPE_P_MAX], both ends included. */
export function shapeGrid(points = SHAPE_POINTS): number[] {
  if (!Number.isInteger(points) || points < 2) throw new Error(`loss shape: points must be an integer ≥ 2, got ${points}`);
  const step = (SHAPE_P_MAX - SHAPE_P_MIN) / (points - 1);
  return Array.from({ length: points }, (_, i) => (i === points - 1 ? SHAPE_P_MAX : SHAPE_P_MIN + i * step));
}

/** The loss shape of TaylorGLO parameters `params` (p0…p7) for `nClasses` classes, at the points of `grid`. */
export function taylorgloShape(params: readonly number[], nClasses: number, grid: readonly number[] = shapeGrid()): TaylorgloShape {
  checkTaylorgloParams(params);
  if (!Number.isInteger(nClasses) || nClasses < 2) throw new Error(`loss shape: nClasses must be an integer ≥ 2, got ${nClasses}`);
  const p = [...grid];
  const target1 = p.map((q) => -taylorgloTerm(params, 1, q));
  const target0 = p.map((q) => -taylorgloTerm(params, 0, q));
  const sample = p.map((q, i) => target1[i] - (nClasses - 1) * taylorgloTerm(params, 0, (1 - q) / (nClasses - 1)));
  return { p, target1, target0, sample, nClasses };
}

/** Cross-entropy's true-class term −log p at the points of `grid` (its wrong-class term is 0). */
export function crossEntropyShape(grid: readonly number[] = shapeGrid()): number[] {
  return grid.map((q) => -Math.log(q));
}
