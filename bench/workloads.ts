/**
 * The step workloads, our side: each builds its model, data and state with the trainer's own code
 * (models, optimizers, losses, autodiff helpers), writes the data and initial parameters for the
 * PyTorch worker (float32/int32 files + a JSON manifest), and returns a `step()` that does what one
 * training step of `src/trainer/job/train-job.ts` does: gather the batch, compute the update
 * direction, take the optimizer step, swap and free the tensors, read the loss.
 */
import * as tf from '@tensorflow/tfjs-core';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CnnConfig, MlpConfig, OptimizerConfig } from '../src/shared/config/types';
import { hessianVectorProduct, inputGradient } from '../src/trainer/autodiff/higher-order';
import { getLoss, type LossContext, type LossFn } from '../src/trainer/losses';
import { gradientOf } from '../src/trainer/methods/standard';
import { buildModel, type Model } from '../src/trainer/models';
import { createOptimizer, type Optimizer } from '../src/trainer/optim';
import { Rng } from '../src/shared/rng';

export interface OursWorkload {
  /** One step; returns the loss it computed (read from the backend). */
  step(): number;
  dispose(): void;
}

export interface WorkloadSpec {
  id: string;
  label: string;
  /** Builds our side and writes the PyTorch manifest into `dir`; returns the manifest path. */
  prepare(dir: string): { manifest: string; ours: OursWorkload };
}

type Arrays = Record<string, { data: Float32Array | Int32Array; shape: number[] }>;

function writeManifest(dir: string, id: string, meta: Record<string, unknown>, arrays: Arrays): string {
  const tensors: Record<string, unknown> = {};
  for (const [name, { data, shape }] of Object.entries(arrays)) {
    const file = `${id}.${name}.bin`;
    writeFileSync(join(dir, file), Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    tensors[name] = { file, shape, dtype: data instanceof Int32Array ? 'int32' : 'float32' };
  }
  const path = join(dir, `${id}.json`);
  writeFileSync(path, JSON.stringify({ workload: id, ...meta, tensors }));
  return path;
}

const adam = (lr: number): OptimizerConfig => ({ type: 'adam', lr, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 });
const mlp = (hidden: number[], activation: MlpConfig['activation']): MlpConfig => ({ type: 'mlp', hidden, activation, init: 'auto' });

function normals(rng: Rng, n: number, scale = 1): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = rng.normal(0, scale);
  return a;
}

/** Regression data: y = sin(x·a) + 0.1·x₀² + noise, a fixed random direction. */
function regressionData(rng: Rng, rows: number, features: number): { x: Float32Array; y: Float32Array } {
  const x = normals(rng, rows * features);
  const a = normals(rng, features, 1 / Math.sqrt(features));
  const y = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let j = 0; j < features; j++) s += x[r * features + j] * a[j];
    y[r] = Math.sin(s) + 0.1 * x[r * features] ** 2 + rng.normal(0, 0.1);
  }
  return { x, y };
}

/** Classification data: class = argmax of a fixed random linear map, one-hot. */
function classificationData(rng: Rng, rows: number, features: number, classes: number): { x: Float32Array; y: Float32Array } {
  const x = normals(rng, rows * features);
  const w = normals(rng, features * classes);
  const y = new Float32Array(rows * classes);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    let bestV = -Infinity;
    for (let c = 0; c < classes; c++) {
      let s = 0;
      for (let j = 0; j < features; j++) s += x[r * features + j] * w[j * classes + c];
      if (s > bestV) [best, bestV] = [c, s];
    }
    y[r * classes + best] = 1;
  }
  return { x, y };
}

interface Base {
  model: Model;
  params: tf.Tensor[];
  x: tf.Tensor2D;
  y: tf.Tensor2D;
  perm: Int32Array;
  batch: number;
  arrays: Arrays;
  /** Row indices of the next batch (the same sequence as the PyTorch side). */
  nextRows(): Int32Array;
}

function base(id: string, model: Model, data: { x: Float32Array; y: Float32Array }, rows: number, batch: number): Base {
  const rng = new Rng(7).fork(id);
  const init = model.init(rng.fork('init'));
  const params = init.map((v, i) => tf.tensor(v, model.specs[i].shape));
  const features = data.x.length / rows;
  const outs = data.y.length / rows;
  const perm = rng.fork('perm').permutation(rows);
  const nBatches = Math.floor(rows / batch);
  let i = 0;
  const arrays: Arrays = {
    x: { data: data.x, shape: [rows, features] },
    y: { data: data.y, shape: [rows, outs] },
    perm: { data: perm, shape: [rows] },
  };
  init.forEach((v, k) => (arrays[`p${k}`] = { data: v, shape: model.specs[k].shape }));
  return {
    model, params, perm, batch, arrays,
    x: tf.tensor2d(data.x, [rows, features]),
    y: tf.tensor2d(data.y, [rows, outs]),
    nextRows() {
      const b = i++ % nBatches;
      return perm.subarray(b * batch, (b + 1) * batch);
    },
  };
}

function gatherBatch(b: Base): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const idx = tf.tensor1d(b.nextRows(), 'int32');
  return { x: tf.gather(b.x, idx), y: tf.gather(b.y, idx) };
}

/** The train-job step around a direction function: tidy, optimizer step, swap, read the loss. */
function optimizerLoop(b: Base, optimizer: Optimizer, lr: number, direction: (params: tf.Tensor[], x: tf.Tensor2D, y: tf.Tensor2D) => { value: tf.Scalar; grads: tf.Tensor[] }): OursWorkload {
  let state = optimizer.initState(b.params);
  let t = 0;
  return {
    step() {
      t++;
      const out = tf.tidy(() => {
        const { x, y } = gatherBatch(b);
        const { value, grads } = direction(b.params, x, y);
        const next = optimizer.step(b.params, grads, state, lr, t);
        return { params: next.params, state: next.state, value };
      });
      tf.dispose([...b.params, ...state]);
      b.params = out.params;
      state = out.state;
      const loss = out.value.dataSync()[0];
      out.value.dispose();
      return loss;
    },
    dispose() {
      tf.dispose([...b.params, ...state, b.x, b.y]);
    },
  };
}

const regCtx: LossContext = { task: 'regression', nClasses: 1, step: 0, epoch: 0 };
const clsCtx: LossContext = { task: 'classification', nClasses: 10, step: 0, epoch: 0 };

function standard(id: string, model: Model, data: { x: Float32Array; y: Float32Array }, rows: number, batch: number, loss: LossFn, ctx: LossContext, lr: number, meta: Record<string, unknown>) {
  return (dir: string) => {
    const b = base(id, model, data, rows, batch);
    const ours = optimizerLoop(b, createOptimizer(adam(lr)), lr, (params, x, y) => gradientOf(model, loss, { params, x, y, ctx }));
    return { manifest: writeManifest(dir, id, { batch, lr, nParams: b.params.length, ...meta }, b.arrays), ours };
  };
}

const mse = getLoss('mse').create({});
const ce = getLoss('ce').create({});
const PENALTY = 0.1;

/** Gradient-penalty loss (Lai-style double backprop): MSE + λ·mean ‖∇ₓ f(x)‖². */
function penaltyLoss(model: Model, params: tf.Tensor[], x: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar {
  const out = model.forward(params, x);
  const gx = inputGradient((xx: tf.Tensor2D) => model.forward(params, xx), x);
  return tf.add(mse(out, y, regCtx), tf.mul(PENALTY, tf.mean(tf.sum(tf.square(gx), 1)))) as tf.Scalar;
}

/** AdaLFL-style learned loss: per row [ŷ, y] → 2-50-50-1, ReLU, no biases, softplus output; mean over rows. */
function lossNet(phi: tf.Tensor[], out: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar {
  const z = tf.concat([out, y], 1);
  const h = tf.relu(tf.matMul(tf.relu(tf.matMul(z, phi[0] as tf.Tensor2D)), phi[1] as tf.Tensor2D));
  return tf.mean(tf.softplus(tf.matMul(h as tf.Tensor2D, phi[2] as tf.Tensor2D)));
}

function adalfl(dir: string): { manifest: string; ours: OursWorkload } {
  const id = 'adalfl';
  const rng = new Rng(11);
  const model = buildModel(mlp([64, 64], 'relu'), { nFeatures: 20, nOutputs: 1 });
  const b = base(id, model, regressionData(rng, 4096, 20), 4096, 256);
  const phiShapes = [[2, 50], [50, 50], [50, 1]];
  const phiInit = phiShapes.map((s) => normals(rng.fork(`phi${s}`), s[0] * s[1], Math.sqrt(2 / s[0])));
  phiShapes.forEach((s, k) => (b.arrays[`phi${k}`] = { data: phiInit[k], shape: s }));
  let phi = phiInit.map((v, k) => tf.tensor(v, phiShapes[k]));
  const metaOpt = createOptimizer(adam(1e-3));
  let metaState = metaOpt.initState(phi);
  const baseLr = 1e-2;
  let t = 0;
  const ours: OursWorkload = {
    step() {
      t++;
      let fast: tf.Tensor[] = [];
      const out = tf.tidy(() => {
        const { x, y } = gatherBatch(b);
        let learned: tf.Scalar | undefined;
        const gphi = tf.grads((...ph: tf.Tensor[]) => {
          const g = tf.valueAndGrads((...th: tf.Tensor[]) => lossNet(ph, model.forward(th, x), y))(b.params);
          learned = tf.keep(g.value as tf.Scalar);
          fast = b.params.map((p, i) => tf.keep(tf.sub(p, tf.mul(g.grads[i], baseLr))));
          return mse(model.forward(fast, x), y, regCtx);
        })(phi);
        const next = metaOpt.step(phi, gphi, metaState, 1e-3, t);
        return { phi: next.params, state: next.state, value: learned as tf.Scalar };
      });
      tf.dispose([...b.params, ...phi, ...metaState]);
      b.params = fast;
      phi = out.phi;
      metaState = out.state;
      const loss = out.value.dataSync()[0];
      out.value.dispose();
      return loss;
    },
    dispose() {
      tf.dispose([...b.params, ...phi, ...metaState, b.x, b.y]);
    },
  };
  return { manifest: writeManifest(dir, id, { batch: 256, nParams: b.params.length, nPhi: 3, baseLr, metaLr: 1e-3 }, b.arrays), ours };
}

function hvp(dir: string): { manifest: string; ours: OursWorkload } {
  const id = 'hvp';
  const model = buildModel(mlp([64, 64], 'tanh'), { nFeatures: 20, nOutputs: 1 });
  const b = base(id, model, regressionData(new Rng(5), 4096, 20), 4096, 256);
  const rng = new Rng(13);
  const vInit = model.specs.map((s) => normals(rng.fork(s.name), s.shape.reduce((p, d) => p * d, 1)));
  vInit.forEach((v, k) => (b.arrays[`v${k}`] = { data: v, shape: model.specs[k].shape }));
  const v = vInit.map((a, k) => tf.tensor(a, model.specs[k].shape));
  const ours: OursWorkload = {
    step() {
      const value = tf.tidy(() => {
        const { x, y } = gatherBatch(b);
        const f = (p: tf.Tensor[]) => mse(model.forward(p, x), y, regCtx);
        const hv = hessianVectorProduct(f, b.params, v);
        return tf.add(f(b.params), tf.mul(0, tf.reshape(tf.slice(tf.reshape(hv[0], [-1]), 0, 1), [])));
      });
      const loss = value.dataSync()[0];
      value.dispose();
      return loss;
    },
    dispose() {
      tf.dispose([...b.params, ...v, b.x, b.y]);
    },
  };
  return { manifest: writeManifest(dir, id, { batch: 256, nParams: b.params.length, activation: 'tanh' }, b.arrays), ours };
}

function gp(dir: string): { manifest: string; ours: OursWorkload } {
  const id = 'gp';
  const model = buildModel(mlp([64, 64], 'tanh'), { nFeatures: 20, nOutputs: 1 });
  const b = base(id, model, regressionData(new Rng(3), 4096, 20), 4096, 256);
  const ours = optimizerLoop(b, createOptimizer(adam(1e-3)), 1e-3, (params, x, y) => {
    const { value, grads } = tf.valueAndGrads((...p: tf.Tensor[]) => penaltyLoss(model, p, x, y))(params);
    return { value: value as tf.Scalar, grads };
  });
  return { manifest: writeManifest(dir, id, { batch: 256, lr: 1e-3, nParams: b.params.length, activation: 'tanh', penalty: PENALTY }, b.arrays), ours };
}

const CNN: CnnConfig = { type: 'cnn', channels: [8, 16], kernelSize: 3, dense: [], activation: 'relu', init: 'auto' };

export const WORKLOADS: WorkloadSpec[] = [
  {
    id: 'mlp-mse',
    label: 'MLP 20-64-64-1 relu, MSE, batch 256, Adam',
    prepare: standard('mlp-mse', buildModel(mlp([64, 64], 'relu'), { nFeatures: 20, nOutputs: 1 }), regressionData(new Rng(1), 4096, 20), 4096, 256, mse, regCtx, 1e-3, { activation: 'relu' }),
  },
  {
    id: 'mlp-ce',
    label: 'MLP 784-256-10 relu, CE, batch 128, Adam',
    prepare: standard('mlp-ce', buildModel(mlp([256], 'relu'), { nFeatures: 784, nOutputs: 10 }), classificationData(new Rng(2), 2048, 784, 10), 2048, 128, ce, clsCtx, 1e-3, { activation: 'relu' }),
  },
  {
    id: 'cnn',
    label: 'CNN conv8-pool-conv16-pool-dense10 on 28×28, CE, batch 64, Adam',
    prepare: standard('cnn', buildModel(CNN, { nFeatures: 784, nOutputs: 10, imageShape: [28, 28, 1] }), classificationData(new Rng(4), 1024, 784, 10), 1024, 64, ce, clsCtx, 1e-3, { side: 28 }),
  },
  { id: 'gp', label: 'Gradient-penalty step (double backprop), MLP 20-64-64-1 tanh, batch 256, Adam', prepare: gp },
  { id: 'hvp', label: 'One Hessian-vector product, MLP 20-64-64-1 tanh, MSE, batch 256', prepare: hvp },
  { id: 'adalfl', label: 'AdaLFL-style meta-step: base SGD step through a 2-50-50-1 loss net + meta-gradient (MLP 20-64-64-1)', prepare: adalfl },
];
