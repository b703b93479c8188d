// An independent float64 reference for the second-order tests: a tiny MLP and CNN in plain JS over
// number arrays (no tfjs), and central finite differences. Nested differences (a difference quotient
// of a difference quotient) stand in for every derivative, so nothing here shares code or formulas
// with the autodiff under test. Steps: inner 1e-4, outer 1e-3; in float64 both truncation (~h²) and
// rounding (~1e-16/h²) errors stay below ~1e-7 relative, far under the float32 tolerances used.

export type Act64 = (z: number) => number;

/** erf to ~1e-12: Maclaurin series for |x| < 3.5, the asymptotic erfc expansion beyond. */
export function erf64(x: number): number {
  const ax = Math.abs(x);
  if (ax >= 3.5) {
    const x2 = ax * ax;
    const erfc = (Math.exp(-x2) / (ax * Math.sqrt(Math.PI))) * (1 - 1 / (2 * x2) + 3 / (4 * x2 * x2) - 15 / (8 * x2 ** 3) + 105 / (16 * x2 ** 4));
    return Math.sign(x) * (1 - erfc);
  }
  let term = x;
  let sum = x;
  for (let n = 1; n < 200 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

export const ACTS64: Record<string, Act64> = {
  relu: (z) => Math.max(0, z),
  tanh: Math.tanh,
  sigmoid: (z) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z))),
  softplus: (z) => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))),
  elu: (z) => (z > 0 ? z : Math.expm1(z)),
  gelu: (z) => 0.5 * z * (1 + erf64(z / Math.SQRT2)),
  leakyRelu: (z) => (z > 0 ? z : 0.01 * z),
};

/** Activations whose first or second derivative jumps at 0, where finite differences need a margin. */
export const KINKED = new Set(['relu', 'leakyRelu', 'elu']);

/** Parameters as flat arrays in the tfjs order: [W1 (in×out, row-major), b1, W2, b2, …]. */
export type Params64 = number[][];

/** Smallest |pre-activation| and max-pool top-two gap seen since the last reset (kink margins). */
export const margin = { minAbsPreactivation: Infinity, minPoolGap: Infinity };

export function resetMargins(): void {
  margin.minAbsPreactivation = Infinity;
  margin.minPoolGap = Infinity;
}

function dense(x: number[], w: number[], b: number[], nIn: number): number[] {
  const nOut = b.length;
  return b.map((bj, j) => {
    let s = bj;
    for (let i = 0; i < nIn; i++) s += x[i] * w[i * nOut + j];
    return s;
  });
}

function activate(z: number[], act: Act64): number[] {
  return z.map((v) => {
    margin.minAbsPreactivation = Math.min(margin.minAbsPreactivation, Math.abs(v));
    return act(v);
  });
}

/** MLP on one input row: hidden layers with `act`, linear output. `sizes` = [in, h1, …, out]. */
export function mlp64(p: Params64, sizes: number[], act: Act64, x: number[]): number[] {
  let h = x;
  const layers = sizes.length - 1;
  for (let l = 0; l < layers; l++) {
    const z = dense(h, p[2 * l], p[2 * l + 1], sizes[l]);
    h = l < layers - 1 ? activate(z, act) : z;
  }
  return h;
}

export interface Cnn64Shape {
  side: number;
  channels: number;
  kernel: number;
  /** 'max' pools 2×2 with stride 2 ('valid'); 'none' skips pooling. */
  pool: 'max' | 'none';
  outputs: number;
}

/** conv (k×k, 'same', stride 1, 1 input channel) + act + 2×2 max-pool + flatten (NHWC) + dense. */
export function cnn64(p: Params64, s: Cnn64Shape, act: Act64, x: number[]): number[] {
  const { side, channels: c, kernel: k } = s;
  const before = Math.floor((k - 1) / 2);
  const conv: number[] = [];
  for (let i = 0; i < side; i++)
    for (let j = 0; j < side; j++)
      for (let o = 0; o < c; o++) {
        let acc = p[1][o];
        for (let di = 0; di < k; di++)
          for (let dj = 0; dj < k; dj++) {
            const r = i + di - before;
            const q = j + dj - before;
            if (r >= 0 && q >= 0 && r < side && q < side) acc += x[r * side + q] * p[0][(di * k + dj) * c + o];
          }
        conv.push(acc);
      }
  const h = activate(conv, act);
  let flat = h;
  if (s.pool === 'max') {
    const half = Math.floor(side / 2);
    flat = [];
    for (let i = 0; i < half; i++)
      for (let j = 0; j < half; j++)
        for (let o = 0; o < c; o++) {
          const win = [h[((2 * i) * side + 2 * j) * c + o], h[((2 * i) * side + 2 * j + 1) * c + o], h[((2 * i + 1) * side + 2 * j) * c + o], h[((2 * i + 1) * side + 2 * j + 1) * c + o]];
          const sorted = [...win].sort((a, b) => b - a);
          // An all-zero window (relu) has a zero derivative either way; skip it.
          if (sorted[0] !== 0) margin.minPoolGap = Math.min(margin.minPoolGap, sorted[0] - sorted[1]);
          flat.push(sorted[0]);
        }
  }
  return dense(flat, p[2], p[3], flat.length);
}

/** Central difference of f along direction d (same shape as p) at p. */
export function directional(f: (p: Params64) => number, p: Params64, d: Params64, h: number): number {
  const shift = (sign: number) => p.map((a, i) => a.map((v, j) => v + sign * h * d[i][j]));
  return (f(shift(1)) - f(shift(-1))) / (2 * h);
}

/** Central-difference gradient of f over every parameter component. */
export function gradient64(f: (p: Params64) => number, p: Params64, h: number): Params64 {
  return p.map((a, i) =>
    a.map((_, j) => {
      const plus = p.map((b) => [...b]);
      const minus = p.map((b) => [...b]);
      plus[i][j] += h;
      minus[i][j] -= h;
      return (f(plus) - f(minus)) / (2 * h);
    }),
  );
}

/** Central-difference gradient of a scalar function of one input row. */
export function inputGradient64(f: (x: number[]) => number, x: number[], h: number): number[] {
  return x.map((_, i) => {
    const plus = [...x];
    const minus = [...x];
    plus[i] += h;
    minus[i] -= h;
    return (f(plus) - f(minus)) / (2 * h);
  });
}

export const H_INNER = 1e-4;
export const H_OUTER = 1e-3;
