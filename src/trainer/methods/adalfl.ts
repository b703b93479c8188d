/**
 * AdaLFL, online loss function learning (Raymond et al., arXiv 2301.13247). The base model trains on
 * a learned loss ℓφ (adalfl-network.ts). After every base update the loss network takes one Adam step
 * on the meta-gradient ∇φ L_task(f_θ'(x), y), θ' = θ − α∇θ ℓφ(f_θ(x), y), differentiated through that
 * unrolled step (plain SGD with the step's base learning rate α, on the step's batch). Before the first
 * step, an offline phase of `offlineSteps` meta-steps initialises φ the same way from the arm's
 * initial weights θ₀ (θ is reset to θ₀ for every one of them). See docs/methods-adalfl-bloop.md.
 * Step values: the meta-loss, and how the learned loss's gradient compares with the task loss's on the
 * same batch and weights (norm ratio ‖∇ℓφ‖/‖∇L_task‖ and cosine).
 */
import * as tf from '@tensorflow/tfjs-core';
import { dotAll } from '../autodiff/higher-order';
import { STANDARD_LOSSES, unknownNameMessage } from '../../shared/names';
import { getLoss, softmax, type LossContext, type LossFn } from '../losses';
import type { Model } from '../models';
import { createOptimizer, type Optimizer } from '../optim';
import type { Rng } from '../../shared/rng';
import { LOSS_NET_OUTPUTS, initLossNet, learnedLossPerSample, lossNetShape, lossNetTensors, type LossNetOutput } from './adalfl-network';
import { emptyState, putTensors, takeTensors } from './method-state';
import type { MethodEnv, MethodState, StepInput, TrainingMethod } from './types';

export interface AdalflOptions {
  /** Standard loss of the meta-objective (default ce for classification, mse for regression). */
  task: string;
  metaLr: number;
  offlineSteps: number;
  output: LossNetOutput;
}

export interface AdalflParts {
  model: Model;
  task: LossFn;
  output: LossNetOutput;
}

/** ŷ the loss network sees: softmax probabilities (classification) or the raw output (regression). */
function predictions(out: tf.Tensor2D, ctx: LossContext): tf.Tensor2D {
  return ctx.task === 'classification' ? softmax(out) : out;
}

/** The learned loss of the base model on a batch: mean over samples of Σ_c ℓφ(ŷ_c, y_c). */
export function learnedLoss(parts: AdalflParts, phi: readonly tf.Tensor[], params: tf.Tensor[], x: tf.Tensor2D, y: tf.Tensor2D, ctx: LossContext): tf.Scalar {
  return tf.mean(learnedLossPerSample(phi, predictions(parts.model.forward(params, x), ctx), y, parts.output));
}

/**
 * The meta-objective and its gradient with respect to φ: L_task(f_θ'(x), y) with the unrolled step
 * θ' = θ − α∇θ ℓφ(f_θ(x), y), differentiated through ∇θ ℓφ (double backprop).
 */
export function metaGradient(parts: AdalflParts, phi: tf.Tensor[], params: tf.Tensor[], x: tf.Tensor2D, y: tf.Tensor2D, ctx: LossContext, alpha: number): { value: tf.Scalar; grads: tf.Tensor[] } {
  const { value, grads } = tf.valueAndGrads((...ph: tf.Tensor[]) => {
    const g = tf.grads((...p: tf.Tensor[]) => learnedLoss(parts, ph, p, x, y, ctx))(params);
    const next = params.map((p, i) => tf.sub(p, tf.mul(g[i], alpha)));
    return parts.task(parts.model.forward(next, x), y, ctx);
  })(phi);
  return { value: value as tf.Scalar, grads };
}

function readOptions(env: MethodEnv): AdalflOptions {
  const arm = env.arm;
  const fail = (msg: string): never => {
    throw new Error(`loss 'adalfl': ${msg}`);
  };
  const num = (key: string, dflt: number): number => (arm[key] === undefined ? dflt : Number(arm[key]));
  const task = arm.task === undefined ? (env.dataset.task === 'classification' ? 'ce' : 'mse') : String(arm.task);
  if (!(STANDARD_LOSSES as readonly string[]).includes(task)) fail(unknownNameMessage('loss', task, STANDARD_LOSSES));
  if (getLoss(task).task === 'classification' && env.dataset.task !== 'classification') fail(`task loss '${task}' needs class labels, but the dataset is a regression task`);
  const metaLr = num('metaLr', 1e-3);
  const offlineSteps = num('offlineSteps', 50);
  const output = (arm.output ?? 'softplus') as LossNetOutput;
  if (!(metaLr > 0)) fail(`metaLr must be > 0, got ${String(arm.metaLr)}`);
  if (!(Number.isInteger(offlineSteps) && offlineSteps >= 0)) fail(`offlineSteps must be an integer ≥ 0, got ${String(arm.offlineSteps)}`);
  if (!LOSS_NET_OUTPUTS.includes(output)) fail(`output must be one of ${LOSS_NET_OUTPUTS.join(', ')}, got '${String(arm.output)}'`);
  return { task, metaLr, offlineSteps, output };
}

/** The batch size and base learning rate of the run, for the offline phase. */
function offlineSettings(env: MethodEnv): { batch: number; lr: number } {
  const train = env.config.train as Partial<MethodEnv['config']['train']> | undefined;
  const n = env.train.x.shape[0];
  const lr = Number(train?.optimizer?.lr);
  if (!(lr > 0)) throw new Error(`loss 'adalfl': the offline phase needs the base learning rate (train.optimizer.lr)`);
  const size = train?.batchSize;
  return { batch: typeof size === 'number' ? Math.min(size, n) : n, lr };
}

/** The mutable state of an arm: φ and its Adam state (kept tensors) and the meta-step counter. */
class MetaState {
  phi: tf.Tensor[];
  adamState: tf.Tensor[];
  t = 0;
  metaLoss: tf.Scalar | undefined;

  constructor(
    private readonly parts: AdalflParts,
    private readonly meta: Optimizer,
    private readonly metaLr: number,
    rng: Rng,
  ) {
    this.phi = lossNetTensors(initLossNet(rng));
    this.adamState = meta.initState(this.phi);
  }

  /** One meta-step at θ (no base update): φ ← Adam(φ, ∇φ L_task(θ')). Call inside a tidy. */
  step(params: tf.Tensor[], x: tf.Tensor2D, y: tf.Tensor2D, ctx: LossContext, alpha: number): void {
    const { value, grads } = metaGradient(this.parts, this.phi, params, x, y, ctx, alpha);
    this.t++;
    const next = this.meta.step(this.phi, grads, this.adamState, this.metaLr, this.t);
    tf.dispose([...this.phi, ...this.adamState]);
    this.metaLoss?.dispose();
    this.phi = next.params.map((p) => tf.keep(p));
    this.adamState = next.state.map((s) => tf.keep(s));
    this.metaLoss = tf.keep(value);
  }

  save(state: MethodState): void {
    putTensors(state, 'phi', this.phi);
    putTensors(state, 'metaAdam', this.adamState);
    state.values.metaStep = this.t;
  }

  load(state: MethodState): void {
    const phi = takeTensors(state, 'phi', this.phi.length);
    const adam = takeTensors(state, 'metaAdam', this.adamState.length);
    tf.dispose([...this.phi, ...this.adamState]);
    this.phi = phi;
    this.adamState = adam;
    this.t = Number(state.values.metaStep);
  }

  dispose(): void {
    tf.dispose([...this.phi, ...this.adamState]);
    this.metaLoss?.dispose();
  }
}

export function adalflMethod(env: MethodEnv): TrainingMethod {
  const opts = readOptions(env);
  const parts: AdalflParts = { model: env.model, task: getLoss(opts.task).create({}), output: opts.output };
  const meta = createOptimizer({ type: 'adam', lr: opts.metaLr, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 });
  const state = new MetaState(parts, meta, opts.metaLr, env.rng.fork('adalfl-net'));
  const batchRng = env.rng.fork('adalfl-offline');
  let offlineDone = opts.offlineSteps === 0;
  const [lo, hi] = env.dataset.task === 'classification' ? [0, 1] : [-3, 3];

  /** The offline phase: each meta-step from θ₀ on a random training batch. */
  const offline = (params: tf.Tensor[], ctx: LossContext): void => {
    const { batch, lr } = offlineSettings(env);
    const n = env.train.x.shape[0];
    for (let s = 0; s < opts.offlineSteps; s++) {
      const rows = batchRng.permutation(n).subarray(0, batch);
      tf.tidy(() => {
        const idx = tf.tensor1d(rows, 'int32');
        state.step(params, tf.gather(env.train.x, idx), tf.gather(env.train.y, idx), ctx, lr);
      });
    }
    offlineDone = true;
  };

  /** [‖∇ℓφ‖/‖∇L_task‖, cos(∇ℓφ, ∇L_task)] of the last step, a tensor until it is first read. */
  let gradStats: tf.Tensor1D | undefined;
  let gradStatsRead: Record<string, number> = {};

  return {
    objectives: ({ x, y, ctx }) => [{ name: 'learnedLoss', f: (params) => learnedLoss(parts, state.phi, params, x, y, ctx) }],
    direction({ params, x, y, ctx }: StepInput) {
      if (!offlineDone) offline(params, ctx);
      const { value, grads } = tf.valueAndGrads((...p: tf.Tensor[]) => learnedLoss(parts, state.phi, p, x, y, ctx))(params);
      const taskGrads = tf.grads((...p: tf.Tensor[]) => parts.task(parts.model.forward(p, x), y, ctx))(params);
      const learnedNorm = tf.sqrt(dotAll(grads, grads));
      const taskNorm = tf.sqrt(dotAll(taskGrads, taskGrads));
      const cosine = tf.div(dotAll(grads, taskGrads), tf.maximum(tf.mul(learnedNorm, taskNorm), 1e-30));
      gradStats?.dispose();
      gradStats = tf.keep(tf.stack([tf.div(learnedNorm, tf.maximum(taskNorm, 1e-30)), cosine]) as tf.Tensor1D);
      return { value: value as tf.Scalar, grads };
    },
    afterStep({ params, x, y, ctx }, _newParams, lr) {
      state.step(params, x, y, ctx, lr);
    },
    stepValues: (): Record<string, number> => {
      const out: Record<string, number> = state.metaLoss ? { 'adalfl/metaLoss': state.metaLoss.dataSync()[0] } : {};
      if (gradStats) {
        const [ratio, cosine] = gradStats.dataSync();
        gradStatsRead = { 'adalfl/gradRatio': ratio, 'adalfl/gradCosine': cosine };
        gradStats.dispose();
        gradStats = undefined;
      }
      return { ...out, ...gradStatsRead };
    },
    traces: () => lossNetShape(state.phi, opts.output, lo, hi),
    evalLoss: parts.task,
    checkpoint: {
      save() {
        const out = emptyState({ offlineDone });
        state.save(out);
        return out;
      },
      load(saved) {
        state.load(saved);
        offlineDone = saved.values.offlineDone === true;
      },
    },
    dispose: () => {
      state.dispose();
      gradStats?.dispose();
    },
  };
}
