// Reruns a selection of loss, optimizer and model computations on the WASM backend and compares them
// with the cpu backend (whose results the other unit tests check against float64 references).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
// Stock gradients (tfjs-core's node bundle registers none); imported after tfjs-core so its engine exists first.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { ModelConfig, OptimizerConfig } from '../../../src/shared/config/types';
import { initBackend } from '../../../src/trainer/backend';
import { getLoss, type LossContext } from '../../../src/trainer/losses';
import { buildModel, initialParams } from '../../../src/trainer/models';
import { createOptimizer } from '../../../src/trainer/optim';
import { Rng } from '../../../src/shared/rng';

const CLS: LossContext = { task: 'classification', nClasses: 3, step: 0, epoch: 0 };
const REG: LossContext = { task: 'regression', nClasses: 0, step: 0, epoch: 0 };

/** Runs `f` on cpu and on wasm and returns both flat results. */
async function onBoth(f: () => number[]): Promise<{ cpu: number[]; wasm: number[] }> {
  await initBackend('cpu');
  const cpu = f();
  await initBackend('wasm');
  const wasm = f();
  await initBackend('cpu');
  return { cpu, wasm };
}

function assertSame(r: { cpu: number[]; wasm: number[] }, tol: number, label: string): void {
  assert.equal(r.wasm.length, r.cpu.length);
  r.cpu.forEach((c, i) => assert.ok(Math.abs(r.wasm[i] - c) <= tol * Math.max(1, Math.abs(c)), `${label}[${i}]: cpu ${c}, wasm ${r.wasm[i]}`));
}

const read = (ts: tf.Tensor | tf.Tensor[]): number[] => (Array.isArray(ts) ? ts : [ts]).flatMap((t) => Array.from(t.dataSync()));

test('losses: values and gradients agree between cpu and wasm (logits up to 1e3)', async () => {
  const z = [[0.3, -1.2, 2.1], [1000, 1001, 999], [-0.8, 0.9, 0.2]];
  const y = [[0, 0, 1], [1, 0, 0], [0, 1, 0]];
  const cases: [string, Record<string, unknown>, LossContext, number[][], number[][]][] = [
    ['ce', {}, CLS, z, y],
    ['focal', { gamma: 2 }, CLS, z, y],
    ['hinge', {}, CLS, z, y],
    ['bce', {}, CLS, z, y],
    ['mse', {}, CLS, z, y],
    ['huber', { delta: 0.5 }, REG, [[0.4], [-1.9], [2.6]], [[1.1], [0.5], [-0.2]]],
    ['logcosh', {}, REG, [[0.4], [-1.9], [30]], [[1.1], [0.5], [-0.2]]],
  ];
  for (const [type, params, ctx, out, tgt] of cases) {
    const fn = getLoss(type).create(params);
    const r = await onBoth(() =>
      tf.tidy(() => {
        const o = tf.tensor2d(out);
        const t = tf.tensor2d(tgt);
        const { value, grad } = tf.valueAndGrad((a: tf.Tensor) => fn(a as tf.Tensor2D, t, ctx))(o);
        return [...read(value), ...read(grad)];
      }),
    );
    assert.ok(r.wasm.every(Number.isFinite), `${type}: finite on wasm`);
    assertSame(r, 1e-5, type);
  }
});

test('optimizers: three adamw and nesterov steps agree between cpu and wasm', async () => {
  const cfgs: OptimizerConfig[] = [
    { type: 'adamw', lr: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.1 },
    { type: 'momentum', lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01 },
    { type: 'rmsprop', lr: 0.1, decay: 0.9, momentum: 0.5, epsilon: 1e-8, weightDecay: 0 },
  ];
  for (const cfg of cfgs) {
    const r = await onBoth(() => {
      const opt = createOptimizer(cfg);
      let params: tf.Tensor[] = [tf.tensor2d([[0.5, -1.5], [2, 0.25]]), tf.tensor1d([1, -0.3, 0.8])];
      let state = opt.initState(params);
      for (let t = 1; t <= 3; t++) {
        const next = tf.tidy(() => opt.step(params, params.map((p) => tf.sub(tf.mul(p, 2), 0.3)), state, 0.1, t));
        tf.dispose([...params, ...state]);
        params = next.params;
        state = next.state;
      }
      const out = read(params);
      tf.dispose([...params, ...state]);
      return out;
    });
    assertSame(r, 1e-5, cfg.type);
  }
});

test('models: seeded init is backend-independent; MLP and CNN forward agree between cpu and wasm', async () => {
  const configs: [ModelConfig, { nFeatures: number; nOutputs: number; imageShape?: [number, number, number] }][] = [
    [{ type: 'mlp', hidden: [16, 8], activation: 'gelu', init: 'auto' }, { nFeatures: 5, nOutputs: 3 }],
    [{ type: 'mlp', hidden: [16], activation: 'leakyRelu', init: 'auto' }, { nFeatures: 5, nOutputs: 1 }],
    [{ type: 'cnn', channels: [4, 6], kernelSize: 3, dense: [8], activation: 'elu', init: 'auto' }, { nFeatures: 64, nOutputs: 3, imageShape: [8, 8, 1] }],
  ];
  for (const [cfg, shape] of configs) {
    const m = buildModel(cfg, shape);
    const rows = Array.from({ length: 4 }, (_, r) => Array.from({ length: shape.nFeatures }, (_, i) => Math.sin(0.7 * i + r)));
    const r = await onBoth(() => {
      const values = m.init(new Rng(5));
      const params = initialParams(m, values);
      const out = tf.tidy(() => read(m.forward(params, tf.tensor2d(rows))));
      tf.dispose(params);
      return [...values.flatMap((v) => Array.from(v)), ...out];
    });
    assertSame(r, 1e-5, cfg.type);
  }
});

test('CNN parameter gradients agree between cpu and wasm', async (t) => {
  await initBackend('wasm');
  if (!tf.getKernel('Conv2DBackpropFilter', 'wasm')) t.todo('stock tfjs-backend-wasm has no Conv2DBackpropFilter kernel (the backend module registers one)');
  const cfg: ModelConfig = { type: 'cnn', channels: [4], kernelSize: 3, dense: [], activation: 'tanh', init: 'auto' };
  const m = buildModel(cfg, { nFeatures: 36, nOutputs: 2, imageShape: [6, 6, 1] });
  const rows = Array.from({ length: 3 }, (_, r) => Array.from({ length: 36 }, (_, i) => Math.cos(0.3 * i + r)));
  const r = await onBoth(() => {
    const params = initialParams(m, m.init(new Rng(9)));
    const x = tf.tensor2d(rows);
    const grads = tf.grads((...p: tf.Tensor[]) => tf.sum(tf.square(m.forward(p, x))))(params);
    const out = read(grads);
    tf.dispose([...params, x, ...grads]);
    return out;
  });
  assertSame(r, 1e-4, 'grad');
});
