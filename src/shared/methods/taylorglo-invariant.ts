/**
 * TaylorGLO's candidate invariant (Gonzalez & Miikkulainen, arXiv 2010.00788), pure arithmetic so the
 * config validator, `gradcheck` and the trainer share it.
 *
 * The per-class loss term is f(x, y) = p2·b + p3·b² + p4·b³ + p5·a·b + p6·a·b² + p7·a²·b with
 * a = x − p0 (x: the one-hot label) and b = y − p1 (y: the softmax output of that class); the loss is
 * L = −mean over the batch of Σ_classes f. Expanded in powers of x and y, the y-dependent
 * coefficients are
 *   c1  (y)   = −2p1p3 + 2p0p1p6 + p2 − p5p0 + p7p0² + 3p4p1²
 *   ch  (2·coefficient of y²)  = 2p3 − 2p6p0 − 6p4p1
 *   chh (3·coefficient of y³)  = 3p4
 *   chy (2·coefficient of xy²) = 2p6
 *   cy  (xy)  = −2p1p6 + p5 − 2p7p0
 *   cyy (x²y) = p7
 * and a candidate is kept when cy + cyy + chy/n ≥ (n − 2)·(c1 + ch/n + chh/n²) for n classes.
 */

/** Number of TaylorGLO parameters (p0 … p7). */
export const TAYLORGLO_PARAM_COUNT = 8;

export interface TaylorgloInvariant {
  c1: number;
  ch: number;
  chh: number;
  chy: number;
  cy: number;
  cyy: number;
  /** cy + cyy + chy/n. */
  lhs: number;
  /** (n − 2)·(c1 + ch/n + chh/n²). */
  rhs: number;
  /** lhs ≥ rhs. */
  holds: boolean;
}

/** Throws unless `p` holds exactly 8 finite numbers. */
export function checkTaylorgloParams(p: readonly unknown[]): asserts p is readonly number[] {
  if (p.length !== TAYLORGLO_PARAM_COUNT) throw new Error(`TaylorGLO needs ${TAYLORGLO_PARAM_COUNT} parameters p0…p7, got ${p.length}`);
  p.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`TaylorGLO parameter p${i} must be a finite number, got ${JSON.stringify(v)}`);
  });
}

/** The invariant's coefficients and verdict for parameters `p` (p0…p7) and `nClasses` classes. */
export function taylorgloInvariant(p: readonly number[], nClasses: number): TaylorgloInvariant {
  checkTaylorgloParams(p);
  if (!Number.isInteger(nClasses) || nClasses < 2) throw new Error(`TaylorGLO invariant: nClasses must be an integer ≥ 2, got ${nClasses}`);
  const [p0, p1, p2, p3, p4, p5, p6, p7] = p;
  const n = nClasses;
  const c1 = -2 * p1 * p3 + 2 * p0 * p1 * p6 + p2 - p5 * p0 + p7 * p0 * p0 + 3 * p4 * p1 * p1;
  const ch = 2 * p3 - 2 * p6 * p0 - 6 * p4 * p1;
  const chh = 3 * p4;
  const chy = 2 * p6;
  const cy = -2 * p1 * p6 + p5 - 2 * p7 * p0;
  const cyy = p7;
  const lhs = cy + cyy + chy / n;
  const rhs = (n - 2) * (c1 + ch / n + chh / (n * n));
  return { c1, ch, chh, chy, cy, cyy, lhs, rhs, holds: lhs >= rhs };
}

/** The parameters θ = (p0, p1, 2(p0 − p1), −1, 0, 2, 0, 0) whose loss is Σ_classes (x − y)² up to a constant. */
export function squaredErrorTaylorglo(p0: number, p1: number): number[] {
  return [p0, p1, 2 * (p0 - p1), -1, 0, 2, 0, 0];
}

/**
 * The coefficients of the expanded per-class term f(x, y) on the monomials of
 * `TAYLORGLO_MONOMIALS` (so the batch loss is −Σ_k coef_k · mean_batch Σ_classes monomial_k).
 */
export function taylorgloMonomialCoefficients(p: readonly number[]): number[] {
  checkTaylorgloParams(p);
  const [p0, p1, p2, p3, p4, p5, p6, p7] = p;
  const inv = taylorgloInvariant(p, 2);
  return [
    // 1
    -p2 * p1 + p3 * p1 * p1 - p4 * p1 ** 3 + p5 * p0 * p1 - p6 * p0 * p1 * p1 - p7 * p0 * p0 * p1,
    // y, y², y³
    inv.c1,
    inv.ch / 2,
    inv.chh / 3,
    // x, xy, xy²
    -p5 * p1 + p6 * p1 * p1 + 2 * p7 * p0 * p1,
    inv.cy,
    inv.chy / 2,
    // x², x²y
    -p7 * p1,
    inv.cyy,
  ];
}

/** Exponents [i, j] of the monomials x^i·y^j, in the order of `taylorgloMonomialCoefficients`. */
export const TAYLORGLO_MONOMIALS: readonly (readonly [number, number])[] = [
  [0, 0], [0, 1], [0, 2], [0, 3], [1, 0], [1, 1], [1, 2], [2, 0], [2, 1],
];

/** f(x, y) for one class, in float64: the direct (unexpanded) formula. */
export function taylorgloTerm(p: readonly number[], x: number, y: number): number {
  const [p0, p1, p2, p3, p4, p5, p6, p7] = p;
  const a = x - p0;
  const b = y - p1;
  return p2 * b + p3 * b * b + p4 * b ** 3 + p5 * a * b + p6 * a * b * b + p7 * a * a * b;
}
