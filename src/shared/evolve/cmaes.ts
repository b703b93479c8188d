/**
 * CMA-ES, the default (μ/μ_w, λ) algorithm of Hansen's tutorial (arXiv 1604.00772, Table 1 and
 * Appendix A): weighted recombination of the best half, cumulative step-size adaptation, rank-one +
 * rank-μ covariance update with the h_σ stall and the active (negative) weights of the worst half, and
 * a lazy eigendecomposition of C. Minimises; seeded, so a run is reproducible.
 * Cross-checked against the reference `cmaes` library by bench/cmaes (`npm run bench:cmaes`).
 */
import { Rng } from '../rng';
import { symmetricEigen } from './symmetric-eigen';

export interface CmaEsOptions {
  mean: readonly number[];
  sigma: number;
  /** λ; default 4 + ⌊3 ln n⌋. */
  populationSize?: number;
  seed: number;
}

export class CmaEs {
  readonly n: number;
  readonly lambda: number;
  readonly mu: number;
  /** Recombination weights w_1..w_μ of the best μ (positive, summing to 1). */
  readonly weights: Float64Array;
  /** Weights w_1..w_λ of the covariance update: `weights`, then ≤ 0 for the worst λ − μ (active CMA). */
  readonly covWeights: Float64Array;
  readonly muEff: number;
  mean: Float64Array;
  sigma: number;
  generation = 0;
  evaluations = 0;
  bestX: number[] | undefined;
  bestF = Infinity;

  private readonly cc: number;
  private readonly cs: number;
  private readonly c1: number;
  private readonly cmu: number;
  private readonly damps: number;
  private readonly chiN: number;
  private readonly pc: Float64Array;
  private readonly ps: Float64Array;
  private readonly C: Float64Array;
  private B: Float64Array;
  private D: Float64Array;
  private invSqrtC: Float64Array;
  private eigenGeneration = 0;
  private readonly rng: Rng;

  constructor(opts: CmaEsOptions) {
    const n = opts.mean.length;
    if (n < 1) throw new Error('CMA-ES needs at least one dimension');
    if (!(opts.sigma > 0)) throw new Error(`CMA-ES sigma must be > 0, got ${opts.sigma}`);
    this.n = n;
    this.lambda = opts.populationSize ?? 4 + Math.floor(3 * Math.log(n));
    if (!Number.isInteger(this.lambda) || this.lambda < 2) throw new Error(`CMA-ES population must be an integer ≥ 2, got ${this.lambda}`);
    this.mu = Math.floor(this.lambda / 2);
    // w'_i = ln((λ+1)/2) − ln i for all λ ranks: positive for the best μ, ≤ 0 for the rest.
    const raw = Array.from({ length: this.lambda }, (_, i) => Math.log((this.lambda + 1) / 2) - Math.log(i + 1));
    const pos = raw.slice(0, this.mu);
    const neg = raw.slice(this.mu);
    const posSum = pos.reduce((a, b) => a + b, 0);
    this.weights = Float64Array.from(pos, (w) => w / posSum);
    this.muEff = 1 / this.weights.reduce((a, w) => a + w * w, 0);
    const mueff = this.muEff;
    this.cc = (4 + mueff / n) / (n + 4 + (2 * mueff) / n);
    this.cs = (mueff + 2) / (n + mueff + 5);
    this.c1 = 2 / ((n + 1.3) ** 2 + mueff);
    this.cmu = Math.min(1 - this.c1, (2 * (mueff - 2 + 1 / mueff)) / ((n + 2) ** 2 + mueff));
    // Negative weights sum to −min(α_μ⁻, α_μeff⁻, α_posdef⁻) (tutorial eqs. 50–53).
    const negAbsSum = neg.reduce((a, b) => a - b, 0);
    const negSqSum = neg.reduce((a, b) => a + b * b, 0);
    const mueffMinus = negSqSum > 0 ? negAbsSum ** 2 / negSqSum : 0;
    const alphaNeg = Math.min(1 + this.c1 / this.cmu, 1 + (2 * mueffMinus) / (mueff + 2), (1 - this.c1 - this.cmu) / (n * this.cmu));
    this.covWeights = Float64Array.from(raw, (w, i) => (i < this.mu ? this.weights[i] : negAbsSum > 0 ? (alphaNeg * w) / negAbsSum : 0));
    this.damps = 1 + 2 * Math.max(0, Math.sqrt((mueff - 1) / (n + 1)) - 1) + this.cs;
    this.chiN = Math.sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n * n));
    this.mean = Float64Array.from(opts.mean);
    this.sigma = opts.sigma;
    this.pc = new Float64Array(n);
    this.ps = new Float64Array(n);
    this.C = identity(n);
    this.B = identity(n);
    this.D = new Float64Array(n).fill(1);
    this.invSqrtC = identity(n);
    this.rng = new Rng(opts.seed);
  }

  /** λ candidates x = m + σ·B·D·z, z ~ N(0, I). */
  ask(): number[][] {
    const { n } = this;
    const out: number[][] = [];
    for (let k = 0; k < this.lambda; k++) {
      const dz = Float64Array.from({ length: n }, (_, i) => this.D[i] * this.rng.normal());
      const y = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += this.B[i * n + j] * dz[j];
        y[i] = s;
      }
      out.push(Array.from(y, (yi, i) => this.mean[i] + this.sigma * yi));
    }
    return out;
  }

  /** Updates the distribution from the candidates of the last `ask` and their fitness (lower is better; +∞ allowed). */
  tell(candidates: readonly (readonly number[])[], fitness: readonly number[]): void {
    const { n, mu } = this;
    if (candidates.length !== this.lambda || fitness.length !== this.lambda) throw new Error(`tell needs ${this.lambda} candidates and fitness values`);
    this.evaluations += fitness.filter((f) => Number.isFinite(f)).length;
    // Stable ranking: ties (e.g. several +∞) keep their sampling order.
    const order = fitness.map((_, i) => i).sort((a, b) => (fitness[a] === fitness[b] ? a - b : fitness[a] < fitness[b] ? -1 : 1));
    if (fitness[order[0]] < this.bestF) {
      this.bestF = fitness[order[0]];
      this.bestX = [...candidates[order[0]]];
    }
    // y_i = (x_i − m)/σ for every rank, from the candidates themselves so the caller may repair them.
    const ys = order.map((i) => Float64Array.from(candidates[i], (x, j) => (x - this.mean[j]) / this.sigma));
    // Active update: a negative weight is rescaled by n/‖C^(−1/2)·y_i‖² (with C before this update).
    const wc = Float64Array.from(this.covWeights, (w, k) => {
      if (w >= 0) return w;
      const cy = matVec(this.invSqrtC, ys[k], n);
      const sq = cy.reduce((a, v) => a + v * v, 0);
      return sq > 0 ? (w * n) / sq : 0;
    });
    const yw = new Float64Array(n);
    for (let k = 0; k < mu; k++) ys[k].forEach((v, j) => (yw[j] += this.weights[k] * v));
    for (let j = 0; j < n; j++) this.mean[j] += this.sigma * yw[j];

    const cy = matVec(this.invSqrtC, yw, n);
    const csF = Math.sqrt(this.cs * (2 - this.cs) * this.muEff);
    for (let j = 0; j < n; j++) this.ps[j] = (1 - this.cs) * this.ps[j] + csF * cy[j];
    const psNorm = Math.hypot(...this.ps);
    this.generation++;
    const hsig = psNorm / Math.sqrt(1 - (1 - this.cs) ** (2 * this.generation)) / this.chiN < 1.4 + 2 / (n + 1) ? 1 : 0;
    const ccF = Math.sqrt(this.cc * (2 - this.cc) * this.muEff);
    for (let j = 0; j < n; j++) this.pc[j] = (1 - this.cc) * this.pc[j] + hsig * ccF * yw[j];

    const { c1, cmu } = this;
    const stall = (1 - hsig) * this.cc * (2 - this.cc);
    // C ← (1 + c1·δ(hσ) − c1 − cμ·Σw_j)·C + c1·pc·pcᵀ + cμ·Σ w°_i·y_i·y_iᵀ (tutorial eq. 47).
    const wSum = this.covWeights.reduce((a, w) => a + w, 0);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        let rankMu = 0;
        ys.forEach((y, k) => (rankMu += wc[k] * y[i] * y[j]));
        const v = (1 + c1 * stall - c1 - cmu * wSum) * this.C[i * n + j] + c1 * this.pc[i] * this.pc[j] + cmu * rankMu;
        this.C[i * n + j] = v;
        this.C[j * n + i] = v;
      }
    }
    this.sigma *= Math.exp((this.cs / this.damps) * (psNorm / this.chiN - 1));
    // The tutorial's lazy update: decompose C again once more than λ/((c1+cμ)·n·10) *evaluations*
    // (λ per generation) have passed since the last decomposition, i.e. every generation for n ≲ 100.
    if ((this.generation - this.eigenGeneration) * this.lambda > this.lambda / ((c1 + cmu) * n * 10)) this.decompose();
  }

  /** Square root of the ratio of C's largest to smallest eigenvalue. */
  get axisRatio(): number {
    return Math.max(...this.D) / Math.min(...this.D);
  }

  /** Runs ask/tell on `f` until it reaches `targetFitness` or spends `maxEvaluations`. */
  minimize(f: (x: number[]) => number, opts: { maxEvaluations: number; targetFitness: number }): { x: number[]; f: number; evaluations: number } {
    while (this.evaluations < opts.maxEvaluations && this.bestF > opts.targetFitness) {
      const xs = this.ask();
      this.tell(xs, xs.map(f));
    }
    return { x: this.bestX ?? Array.from(this.mean), f: this.bestF, evaluations: this.evaluations };
  }

  private decompose(): void {
    const { n } = this;
    this.eigenGeneration = this.generation;
    const { values, vectors } = symmetricEigen(this.C, n);
    // Keep C positive definite in floating point.
    const floor = Math.max(...values) * 1e-14;
    this.D = Float64Array.from(values, (v) => Math.sqrt(Math.max(v, floor, 1e-300)));
    this.B = vectors;
    const inv = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += (vectors[i * n + k] * vectors[j * n + k]) / this.D[k];
        inv[i * n + j] = s;
      }
    }
    this.invSqrtC = inv;
  }
}

function identity(n: number): Float64Array {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) m[i * n + i] = 1;
  return m;
}

function matVec(m: Float64Array, v: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += m[i * n + j] * v[j];
    out[i] = s;
  }
  return out;
}
