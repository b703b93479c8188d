/**
 * Auxiliary objectives for the `bloop` arm, each a differentiable scalar of the parameters (and the
 * batch):
 *   l2                 Σ over weight tensors of Σ w² (biases excluded)
 *   inputGradNorm      (1/n) Σᵢ ‖∇ₓᵢ ℓ_main(f(xᵢ), yᵢ)‖²: the squared input gradient of each sample's
 *                      main loss (double backprop)
 *   spectralLipschitz  Σ over weight matrices of log σ_max(W)², the log of the product of squared
 *                      spectral norms (a Lipschitz upper bound, as in the reference's smooth-MNIST
 *                      example). σ_max = uᵀWv with u, v from power iteration, warm-started across
 *                      steps and treated as constants, so ∂σ/∂W = u vᵀ (spectral normalisation's rule).
 *                      A conv kernel [kh, kw, in, out] is taken as the matrix [kh·kw·in, out].
 *   <standard loss>    that registry loss on the batch, with its default parameters
 */
import * as tf from '@tensorflow/tfjs-core';
import { STANDARD_LOSSES, unknownNameMessage } from '../../shared/names';
import { getLoss, type LossContext, type LossFn, type PerSampleLossFn } from '../losses';
import type { Model } from '../models';
import type { Rng } from '../../shared/rng';
import { countTensors, putTensors, takeTensors } from './method-state';
import type { MethodState } from './types';

export const BLOOP_AUX_OBJECTIVES = ['l2', 'inputGradNorm', 'spectralLipschitz'] as const;
/** Power iterations at the first step, before the vectors are warm. */
export const POWER_ITERATIONS_INIT = 30;

export interface AuxObjective {
  /** Indices of the parameters the objective depends on; the gradient is zero for the others. */
  paramIdx: number[];
  /** Per-step preparation outside any gradient tape (power iteration). */
  prepare(params: tf.Tensor[]): void;
  f(params: tf.Tensor[], x: tf.Tensor2D, y: tf.Tensor2D, ctx: LossContext): tf.Scalar;
  /** State carried across steps, for a checkpoint (the power iteration's vectors). */
  checkpoint?: { save(state: MethodState): void; load(state: MethodState): void };
  dispose(): void;
}

const unitNorm = (t: tf.Tensor): tf.Tensor => tf.div(t, tf.maximum(tf.norm(t), 1e-30));

/** A weight as the matrix [fan-in, out] whose spectral norm is taken. */
export function asMatrix(w: tf.Tensor): tf.Tensor2D {
  return (w.rank === 2 ? w : tf.reshape(w, [-1, w.shape[w.rank - 1]])) as tf.Tensor2D;
}

/**
 * Power iteration state for a list of matrices: vᵢ (right singular vector estimate) and uᵢ, kept
 * tensors. `iterate` runs k steps u ← Wv/‖Wv‖, v ← Wᵀu/‖Wᵀu‖ from the current vectors.
 */
export class PowerIteration {
  u: tf.Tensor2D[] = [];
  v: tf.Tensor2D[] = [];

  constructor(private readonly rng: Rng) {}

  get initialised(): boolean {
    return this.v.length > 0;
  }

  iterate(matrices: readonly tf.Tensor2D[], k: number): void {
    const next = tf.tidy(() => {
      let v = this.initialised
        ? this.v
        : matrices.map((m) => unitNorm(tf.tensor2d(Float32Array.from({ length: m.shape[1] }, () => this.rng.normal()), [m.shape[1], 1])) as tf.Tensor2D);
      let u: tf.Tensor2D[] = [];
      for (let i = 0; i < k; i++) {
        u = matrices.map((m, j) => unitNorm(tf.matMul(m, v[j])) as tf.Tensor2D);
        v = matrices.map((m, j) => unitNorm(tf.matMul(m, u[j], true, false)) as tf.Tensor2D);
      }
      return { u, v };
    });
    this.dispose();
    this.u = next.u.map((t) => tf.keep(t));
    this.v = next.v.map((t) => tf.keep(t));
  }

  /** Σᵢ log((uᵢᵀ Wᵢ vᵢ)²), differentiable in W with u, v constant. */
  logSquaredNorms(matrices: readonly tf.Tensor2D[]): tf.Scalar {
    const terms = matrices.map((m, j) => tf.log(tf.square(tf.sum(tf.mul(this.u[j], tf.matMul(m, this.v[j]))))));
    return tf.addN(terms) as tf.Scalar;
  }

  save(state: MethodState): void {
    putTensors(state, 'power.u', this.u);
    putTensors(state, 'power.v', this.v);
  }

  load(state: MethodState): void {
    const n = countTensors(state, 'power.v');
    const u = takeTensors(state, 'power.u', n) as tf.Tensor2D[];
    const v = takeTensors(state, 'power.v', n) as tf.Tensor2D[];
    this.dispose();
    this.u = u;
    this.v = v;
  }

  dispose(): void {
    tf.dispose([...this.u, ...this.v]);
    this.u = [];
    this.v = [];
  }
}

function weightIdx(model: Model): number[] {
  return model.specs.flatMap((s, i) => (s.kind === 'weight' ? [i] : []));
}

const allIdx = (model: Model): number[] => model.specs.map((_, i) => i);

/** The squared input gradient of each sample's loss, averaged over the batch. */
export function inputGradNorm(model: Model, perSample: PerSampleLossFn, params: tf.Tensor[], x: tf.Tensor2D, y: tf.Tensor2D, ctx: LossContext): tf.Scalar {
  const g = tf.grad((xx: tf.Tensor) => tf.sum(perSample(model.forward(params, xx as tf.Tensor2D), y, ctx)))(x);
  return tf.mean(tf.sum(tf.square(g), 1));
}

export interface AuxSettings {
  model: Model;
  /** The main loss's name (inputGradNorm differentiates its per-sample form). */
  main: string;
  powerIterations: number;
  rng: Rng;
}

export function createAuxObjective(name: string, s: AuxSettings): AuxObjective {
  const { model } = s;
  const noop = (): void => {};
  if (name === 'l2') {
    const idx = weightIdx(model);
    return { paramIdx: idx, prepare: noop, f: (p) => tf.addN(idx.map((i) => tf.sum(tf.square(p[i])))) as tf.Scalar, dispose: noop };
  }
  if (name === 'inputGradNorm') {
    const perSample = getLoss(s.main).createPerSample({});
    return { paramIdx: allIdx(model), prepare: noop, f: (p, x, y, ctx) => inputGradNorm(model, perSample, p, x, y, ctx), dispose: noop };
  }
  if (name === 'spectralLipschitz') {
    const idx = weightIdx(model);
    const power = new PowerIteration(s.rng);
    const matrices = (p: tf.Tensor[]) => idx.map((i) => asMatrix(p[i]));
    const prepare = (p: tf.Tensor[]): void => {
      const k = power.initialised ? s.powerIterations : Math.max(POWER_ITERATIONS_INIT, s.powerIterations);
      tf.tidy(() => power.iterate(matrices(p), k));
    };
    return {
      paramIdx: idx,
      prepare,
      f(p) {
        // Called before any step (e.g. a gradient check): start the vectors from a detached copy, so that
        // u and v never depend on the differentiated parameters.
        if (!power.initialised) {
          const copies = p.map((t) => tf.tensor(t.dataSync(), t.shape));
          prepare(copies);
          tf.dispose(copies);
        }
        return power.logSquaredNorms(matrices(p));
      },
      checkpoint: { save: (state) => power.save(state), load: (state) => power.load(state) },
      dispose: () => power.dispose(),
    };
  }
  if (!(STANDARD_LOSSES as readonly string[]).includes(name)) {
    throw new Error(`loss 'bloop': ${unknownNameMessage('auxiliary objective', name, [...BLOOP_AUX_OBJECTIVES, ...STANDARD_LOSSES])}`);
  }
  const loss: LossFn = getLoss(name).create({});
  return { paramIdx: allIdx(model), prepare: noop, f: (p, x, y, ctx) => loss(model.forward(p, x), y, ctx), dispose: noop };
}
