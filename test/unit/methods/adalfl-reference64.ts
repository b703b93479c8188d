// An independent float64 reference for the AdaLFL tests, in plain JS: a one-hidden-layer MLP, the loss
// network 2→50→50→1 (ReLU, no biases, softplus or smooth leaky ReLU output), the gradient of the
// learned loss with respect to the MLP's parameters written out by the chain rule, one SGD step, the
// task loss after it, and central finite differences. Nothing here uses tfjs.

export type Act = 'relu' | 'tanh';
export interface Mlp64 {
  nIn: number;
  nHidden: number;
  nOut: number;
  act: Act;
}
/** [W1 (nIn×h, row-major), b1, W2 (h×nOut), b2], as the functional MLP's specs. */
export type Params64 = number[][];
/** [V1 (2×50), V2 (50×50), V3 (50×1)], row-major [in][out]. */
export type Phi64 = number[][];
export type Output = 'softplus' | 'smoothLeakyRelu';
export type Task = 'classification' | 'regression';

const ACT: Record<Act, { f: (z: number) => number; d: (z: number) => number }> = {
  relu: { f: (z) => Math.max(0, z), d: (z) => (z > 0 ? 1 : 0) },
  tanh: { f: Math.tanh, d: (z) => 1 - Math.tanh(z) ** 2 },
};

/** Smallest |pre-activation| of any ReLU seen since the last reset (kinks make finite differences wrong). */
export const kink = { min: Infinity };

const softplus = (a: number) => (a > 30 ? a : Math.log1p(Math.exp(a)));
const sigmoid = (a: number) => 1 / (1 + Math.exp(-a));

export function softmax64(o: number[]): number[] {
  const m = Math.max(...o);
  const e = o.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

/** ℓφ(a, b) and ∂ℓφ/∂a (a: prediction, b: target). */
export function lossNet64(phi: Phi64, a: number, b: number, output: Output): { value: number; dA: number } {
  const H = 50;
  const [V1, V2, V3] = phi;
  const a1 = Array.from({ length: H }, (_, j) => a * V1[j] + b * V1[H + j]);
  const r1 = a1.map((v) => Math.max(0, v));
  const a2 = Array.from({ length: H }, (_, k) => r1.reduce((s, r, j) => s + r * V2[j * H + k], 0));
  const r2 = a2.map((v) => Math.max(0, v));
  for (const v of [...a1, ...a2]) kink.min = Math.min(kink.min, Math.abs(v));
  const a3 = r2.reduce((s, r, k) => s + r * V3[k], 0);
  const value = output === 'softplus' ? softplus(a3) : 0.99 * softplus(a3) + 0.01 * a3;
  const dOut = output === 'softplus' ? sigmoid(a3) : 0.99 * sigmoid(a3) + 0.01;
  // backward to a: dA = dOut · Σ_k V3_k 1[a2_k>0] Σ_j V2_jk 1[a1_j>0] V1_0j
  const dR1 = Array.from({ length: H }, (_, j) => (a1[j] > 0 ? V1[j] : 0));
  const dA2 = Array.from({ length: H }, (_, k) => (a2[k] > 0 ? dR1.reduce((s, d, j) => s + d * V2[j * H + k], 0) : 0));
  return { value, dA: dOut * dA2.reduce((s, d, k) => s + d * V3[k], 0) };
}

function forward(p: Params64, m: Mlp64, x: number[]): { z: number[]; h: number[]; o: number[] } {
  const [W1, b1, W2, b2] = p;
  const z = b1.map((b, j) => b + x.reduce((s, xi, i) => s + xi * W1[i * m.nHidden + j], 0));
  const h = z.map(ACT[m.act].f);
  const o = b2.map((b, k) => b + h.reduce((s, hj, j) => s + hj * W2[j * m.nOut + k], 0));
  return { z, h, o };
}

export function outputs64(p: Params64, m: Mlp64, x: number[][]): number[][] {
  return x.map((r) => forward(p, m, r).o);
}

/** Mean learned loss over the batch and its gradient with respect to the MLP's parameters. */
export function learnedLossAndGrad64(phi: Phi64, p: Params64, m: Mlp64, x: number[][], y: number[][], task: Task, output: Output): { value: number; grad: Params64 } {
  const grad = p.map((a) => a.map(() => 0));
  let value = 0;
  const n = x.length;
  x.forEach((xr, s) => {
    const { z, h, o } = forward(p, m, xr);
    const yHat = task === 'classification' ? softmax64(o) : o;
    const dYHat = yHat.map((q, c) => {
      const r = lossNet64(phi, q, y[s][c], output);
      value += r.value / n;
      return r.dA / n;
    });
    // softmax Jacobian: ∂ŷ_c/∂o_k = ŷ_c(δ_ck − ŷ_k)
    const dO = task === 'classification' ? o.map((_, k) => yHat.reduce((acc, q, c) => acc + dYHat[c] * q * ((c === k ? 1 : 0) - yHat[k]), 0)) : dYHat;
    const dH = h.map((_, j) => dO.reduce((acc, d, k) => acc + d * p[2][j * m.nOut + k], 0));
    const dZ = dH.map((d, j) => d * ACT[m.act].d(z[j]));
    h.forEach((hj, j) => dO.forEach((d, k) => (grad[2][j * m.nOut + k] += hj * d)));
    dO.forEach((d, k) => (grad[3][k] += d));
    xr.forEach((xi, i) => dZ.forEach((d, j) => (grad[0][i * m.nHidden + j] += xi * d)));
    dZ.forEach((d, j) => (grad[1][j] += d));
  });
  return { value, grad };
}

/** Task loss: mean cross-entropy (classification) or mean squared error summed over outputs. */
export function taskLoss64(p: Params64, m: Mlp64, x: number[][], y: number[][], task: Task): number {
  const o = outputs64(p, m, x);
  const per = o.map((r, s) => (task === 'classification' ? -r.reduce((acc, _, c) => acc + y[s][c] * Math.log(softmax64(r)[c]), 0) : r.reduce((acc, v, c) => acc + (v - y[s][c]) ** 2, 0)));
  return per.reduce((a, b) => a + b, 0) / per.length;
}

/** L_task(f_θ'(x), y), θ' = θ − α ∇θ ℓφ: the meta-objective as a function of φ. */
export function metaLoss64(phi: Phi64, p: Params64, m: Mlp64, x: number[][], y: number[][], task: Task, output: Output, alpha: number): number {
  const { grad } = learnedLossAndGrad64(phi, p, m, x, y, task, output);
  const next = p.map((a, i) => a.map((v, j) => v - alpha * grad[i][j]));
  return taskLoss64(next, m, x, y, task);
}

/** Central differences of f at the components `at` ([array, index] pairs; every component when omitted). */
export function fd(f: (q: number[][]) => number, q: number[][], at?: readonly (readonly [number, number])[], h = 1e-6): number[] {
  const picks = at ?? q.flatMap((a, i) => a.map((_, j) => [i, j] as const));
  return picks.map(([i, j]) => {
    const v = q[i][j];
    q[i][j] = v + h;
    const plus = f(q);
    q[i][j] = v - h;
    const minus = f(q);
    q[i][j] = v;
    return (plus - minus) / (2 * h);
  });
}

export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  if (a.length !== b.length) return Infinity;
  return Math.sqrt(num) / Math.max(Math.sqrt(den), 1e-300);
}
