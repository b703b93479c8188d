// Independent float64 references for the Bloop tests, in plain JS (no tfjs): the three update
// directions with the main-gradient EMA, the spectral norm from the eigenvalues of WᵀW (cyclic Jacobi
// rotations, not power iteration), and the squared input-gradient norm of a one-hidden-layer MLP's
// per-sample cross-entropy with its input gradient written out by the chain rule.

export type Mode = 'bloop' | 'sum' | 'pcgrad' | 'pcgrad-onesided';

const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i], 0);

export interface Direction64 {
  d: number[];
  ema: number[];
  cosine: number;
  removedNorm: number;
}

/** One step on flat vectors; `ema` undefined at the first step (it then starts at gMain). */
export function direction64(mode: Mode, gMain: number[], gAux: number[], ema: number[] | undefined, beta: number, lambda: number): Direction64 {
  const e = ema ? ema.map((v, i) => v + beta * (gMain[i] - v)) : [...gMain];
  let d: number[];
  if (mode === 'bloop') {
    const r = dot(e, gAux) / (dot(e, e) + 1e-7);
    d = gMain.map((g, i) => g + lambda * (gAux[i] - r * e[i]));
  } else if (mode === 'sum') {
    d = gMain.map((g, i) => g + lambda * gAux[i]);
  } else {
    const c = dot(gMain, gAux);
    const [pm, pa] = c < 0 ? [mode === 'pcgrad' ? c / (dot(gAux, gAux) + 1e-7) : 0, c / (dot(gMain, gMain) + 1e-7)] : [0, 0];
    d = gMain.map((g, i) => g - pm * gAux[i] + lambda * (gAux[i] - pa * g));
  }
  const removed = gMain.map((g, i) => g + lambda * gAux[i] - d[i]);
  return { d, ema: e, cosine: dot(gAux, e) / Math.sqrt(dot(gAux, gAux) * dot(e, e)), removedNorm: Math.sqrt(dot(removed, removed)) };
}

/** Eigenvalues of a symmetric matrix (row-major n×n) by cyclic Jacobi rotations. */
export function symmetricEigenvalues(a: number[], n: number): number[] {
  const m = [...a];
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += m[p * n + q] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (m[q * n + q] - m[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const mkp = m[k * n + p];
          const mkq = m[k * n + q];
          m[k * n + p] = c * mkp - s * mkq;
          m[k * n + q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < n; k++) {
          const mpk = m[p * n + k];
          const mqk = m[q * n + k];
          m[p * n + k] = c * mpk - s * mqk;
          m[q * n + k] = s * mpk + c * mqk;
        }
      }
    }
  }
  return Array.from({ length: n }, (_, i) => m[i * n + i]);
}

/** σ_max² of a rows×cols matrix (row-major): the largest eigenvalue of WᵀW. */
export function squaredSpectralNorm64(w: number[], rows: number, cols: number): number {
  const g = Array.from({ length: cols * cols }, (_, k) => {
    const [i, j] = [Math.floor(k / cols), k % cols];
    let s = 0;
    for (let r = 0; r < rows; r++) s += w[r * cols + i] * w[r * cols + j];
    return s;
  });
  return Math.max(...symmetricEigenvalues(g, cols));
}

/** Σ log σ_max(W)² over the matrices. */
export function spectralLipschitz64(ws: number[][], shapes: [number, number][]): number {
  return ws.reduce((s, w, i) => s + Math.log(squaredSpectralNorm64(w, ...shapes[i])), 0);
}

export type Act = 'relu' | 'tanh';
export interface Mlp64 {
  nIn: number;
  nHidden: number;
  nOut: number;
  act: Act;
}

const ACT: Record<Act, { f: (z: number) => number; d: (z: number) => number }> = {
  relu: { f: (z) => Math.max(0, z), d: (z) => (z > 0 ? 1 : 0) },
  tanh: { f: Math.tanh, d: (z) => 1 - Math.tanh(z) ** 2 },
};

export const kink = { min: Infinity };

/** (1/n) Σᵢ ‖∇ₓ CE(f(xᵢ), yᵢ)‖² for the MLP [W1, b1, W2, b2]; ∇ₓ CE = Σ_k (p_k − y_k) ∂o_k/∂x. */
export function inputGradNorm64(p: number[][], m: Mlp64, x: number[][], y: number[][]): number {
  const [W1, b1, W2, b2] = p;
  let total = 0;
  x.forEach((xr, s) => {
    const z = b1.map((b, j) => b + xr.reduce((acc, xi, i) => acc + xi * W1[i * m.nHidden + j], 0));
    for (const v of z) kink.min = Math.min(kink.min, Math.abs(v));
    const h = z.map(ACT[m.act].f);
    const o = b2.map((b, k) => b + h.reduce((acc, hj, j) => acc + hj * W2[j * m.nOut + k], 0));
    const mx = Math.max(...o);
    const e = o.map((v) => Math.exp(v - mx));
    const sum = e.reduce((a, b) => a + b, 0);
    const dO = e.map((v, k) => v / sum - y[s][k]);
    const dZ = z.map((zj, j) => ACT[m.act].d(zj) * dO.reduce((acc, d, k) => acc + d * W2[j * m.nOut + k], 0));
    const gx = xr.map((_, i) => dZ.reduce((acc, d, j) => acc + d * W1[i * m.nHidden + j], 0));
    total += dot(gx, gx);
  });
  return total / x.length;
}

export function fd(f: (q: number[][]) => number, q: number[][], h = 1e-6): number[] {
  const out: number[] = [];
  q.forEach((a, i) =>
    a.forEach((v, j) => {
      q[i][j] = v + h;
      const plus = f(q);
      q[i][j] = v - h;
      const minus = f(q);
      q[i][j] = v;
      out.push((plus - minus) / (2 * h));
    }),
  );
  return out;
}

export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return Math.sqrt(num) / Math.max(Math.sqrt(den), 1e-300);
}
