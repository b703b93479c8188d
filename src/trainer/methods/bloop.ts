/**
 * Bloop (Hsieh et al., arXiv 2402.02998; reference code apple/ml-bloop): trains on a main loss and an
 * auxiliary objective, removing from the auxiliary gradient its component along an EMA of the main
 * gradient, so that the auxiliary objective only acts where it does not compete with the main one.
 * The direction is built in bloop-direction.ts (modes bloop, sum, pcgrad) from the gradients of the
 * two objectives in bloop-aux.ts. The train curve's loss and `val/loss` are the main loss.
 */
import * as tf from '@tensorflow/tfjs-core';
import { STANDARD_LOSSES, unknownNameMessage } from '../../shared/names';
import { getLoss, type LossContext, type LossFn } from '../losses';
import { createAuxObjective, type AuxObjective } from './bloop-aux';
import { BLOOP_MODES, bloopDirection, type BloopMode } from './bloop-direction';
import { countTensors, emptyState, putTensors, takeTensors } from './method-state';
import type { MethodEnv, Objective, StepInput, TrainingMethod } from './types';

export interface BloopOptions {
  main: string;
  aux: string;
  lambda: number;
  ema: number;
  mode: BloopMode;
  powerIterations: number;
}

export function readBloopOptions(env: MethodEnv): BloopOptions {
  const arm = env.arm;
  const fail = (msg: string): never => {
    throw new Error(`loss 'bloop': ${msg}`);
  };
  const num = (key: string, dflt: number): number => (arm[key] === undefined ? dflt : Number(arm[key]));
  const main = arm.main === undefined ? (env.dataset.task === 'classification' ? 'ce' : 'mse') : String(arm.main);
  if (!(STANDARD_LOSSES as readonly string[]).includes(main)) fail(`main: ${unknownNameMessage('loss', main, STANDARD_LOSSES)}`);
  if (getLoss(main).task === 'classification' && env.dataset.task !== 'classification') fail(`main loss '${main}' needs class labels, but the dataset is a regression task`);
  const aux = arm.aux === undefined ? 'spectralLipschitz' : String(arm.aux);
  if ((STANDARD_LOSSES as readonly string[]).includes(aux) && getLoss(aux).task === 'classification' && env.dataset.task !== 'classification') {
    fail(`auxiliary loss '${aux}' needs class labels, but the dataset is a regression task`);
  }
  const lambda = num('lambda', 0.1);
  const ema = num('ema', 0.1);
  const powerIterations = num('powerIterations', 1);
  const mode = (arm.mode ?? 'bloop') as BloopMode;
  if (!(lambda >= 0)) fail(`lambda must be ≥ 0, got ${String(arm.lambda)}`);
  if (!(ema > 0 && ema <= 1)) fail(`ema must be in (0, 1], got ${String(arm.ema)}`);
  if (!(Number.isInteger(powerIterations) && powerIterations >= 1)) fail(`powerIterations must be an integer ≥ 1, got ${String(arm.powerIterations)}`);
  if (!BLOOP_MODES.includes(mode)) fail(`mode must be one of ${BLOOP_MODES.join(', ')}, got '${String(arm.mode)}'`);
  return { main, aux, lambda, ema, mode, powerIterations };
}

/** Value and gradient of `f`, differentiated only in the parameters `idx` (zeros elsewhere). */
function valueAndGradsAt(f: (p: tf.Tensor[]) => tf.Scalar, params: tf.Tensor[], idx: number[]): { value: tf.Scalar; grads: tf.Tensor[] } {
  if (idx.length === params.length) {
    const { value, grads } = tf.valueAndGrads((...p: tf.Tensor[]) => f(p))(params);
    return { value: value as tf.Scalar, grads };
  }
  const { value, grads } = tf.valueAndGrads((...sub: tf.Tensor[]) => f(params.map((p, i) => (idx.includes(i) ? sub[idx.indexOf(i)] : p))))(idx.map((i) => params[i]));
  return { value: value as tf.Scalar, grads: params.map((p, i) => (idx.includes(i) ? grads[idx.indexOf(i)] : tf.zerosLike(p))) };
}

/** Scalars kept across the step for `stepValues`. */
type Kept = { cosine: tf.Scalar; removedNorm: tf.Scalar; aux: tf.Scalar };

export function bloopMethod(env: MethodEnv): TrainingMethod {
  const opts = readBloopOptions(env);
  const model = env.model;
  const mainLoss: LossFn = getLoss(opts.main).create({});
  const aux: AuxObjective = createAuxObjective(opts.aux, { model, main: opts.main, powerIterations: opts.powerIterations, rng: env.rng.fork('bloop-power') });
  let ema: tf.Tensor[] | undefined;
  let kept: Kept | undefined;

  const objectives = (x: tf.Tensor2D, y: tf.Tensor2D, ctx: LossContext): Objective[] => [
    { name: 'main', f: (params) => mainLoss(model.forward(params, x), y, ctx) },
    // The parameters the auxiliary objective does not use enter with weight zero, so that its gradient
    // over every parameter is defined (zeros there) for generic consumers such as the gradient check.
    { name: 'aux', f: (params) => tf.addN([aux.f(params, x, y, ctx), ...params.filter((_, i) => !aux.paramIdx.includes(i)).map((p) => tf.mul(tf.sum(p), 0))]) as tf.Scalar },
  ];

  return {
    objectives: ({ x, y, ctx }) => objectives(x, y, ctx),
    direction({ params, x, y, ctx }: StepInput) {
      aux.prepare(params);
      const [main, auxObjective] = objectives(x, y, ctx);
      const m = valueAndGradsAt(main.f, params, params.map((_, i) => i));
      const a = valueAndGradsAt(auxObjective.f, params, aux.paramIdx);
      const out = bloopDirection(opts.mode, m.grads, a.grads, ema, opts.ema, opts.lambda);
      tf.dispose(ema ?? []);
      ema = out.ema.map((t) => tf.keep(t));
      if (kept) tf.dispose(Object.values(kept));
      kept = { cosine: tf.keep(out.cosine), removedNorm: tf.keep(out.removedNorm), aux: tf.keep(a.value) };
      return { value: m.value, grads: out.direction };
    },
    stepValues: (): Record<string, number> =>
      kept ? { 'bloop/cosine': kept.cosine.dataSync()[0], 'bloop/removedNorm': kept.removedNorm.dataSync()[0], 'bloop/aux': kept.aux.dataSync()[0] } : {},
    evalLoss: mainLoss,
    checkpoint: {
      save() {
        const state = emptyState();
        if (ema) putTensors(state, 'ema', ema);
        aux.checkpoint?.save(state);
        return state;
      },
      load(state) {
        const n = countTensors(state, 'ema');
        const loaded = n > 0 ? takeTensors(state, 'ema', n) : undefined;
        tf.dispose(ema ?? []);
        ema = loaded;
        aux.checkpoint?.load(state);
      },
    },
    dispose() {
      tf.dispose(ema ?? []);
      if (kept) tf.dispose(Object.values(kept));
      aux.dispose();
    },
  };
}
