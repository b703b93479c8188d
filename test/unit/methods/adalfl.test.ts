import '../../../src/trainer/tfjs-gradients';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import type { MetricRecord } from '../../../src/shared/metrics';
import { initBackend } from '../../../src/trainer/backend';
import type { Dataset } from '../../../src/trainer/data';
import { getLoss, type LossContext } from '../../../src/trainer/losses';
import { LOSS_NET_SHAPES, initLossNet, lossNetShape, lossNetTensors } from '../../../src/trainer/methods/adalfl-network';
import { adalflMethod, learnedLoss, metaGradient, type AdalflParts } from '../../../src/trainer/methods/adalfl';
import type { MethodEnv } from '../../../src/trainer/methods/types';
import { buildModel, type Model } from '../../../src/trainer/models';
import { createOptimizer } from '../../../src/trainer/optim';
import { Rng } from '../../../src/shared/rng';
import { runJobs } from '../../../src/trainer/run-jobs';
import { resolveConfig, tinyConfigObject } from '../../helpers/config';
import { fd, kink, learnedLossAndGrad64, lossNet64, metaLoss64, relErr, type Act, type Mlp64, type Output, type Params64, type Phi64, type Task } from './adalfl-reference64';

const backend = process.env.LOSSLAB_TEST_BACKEND ?? 'cpu';

test.before(async () => {
  await initBackend(backend);
});

function values(n: number, seed: number, scale: number): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => Math.fround(rng.uniform(-scale, scale)));
}

function mlp(m: Mlp64): Model {
  return buildModel({ type: 'mlp', hidden: [m.nHidden], activation: m.act, init: 'auto' }, { nFeatures: m.nIn, nOutputs: m.nOut });
}

function params64(m: Mlp64, seed: number): Params64 {
  return [values(m.nIn * m.nHidden, seed, 0.9), values(m.nHidden, seed + 1, 0.5), values(m.nHidden * m.nOut, seed + 2, 0.9), values(m.nOut, seed + 3, 0.5)];
}

function toTensors(p: Params64, m: Mlp64): tf.Tensor[] {
  return [tf.tensor2d(p[0], [m.nIn, m.nHidden]), tf.tensor1d(p[1]), tf.tensor2d(p[2], [m.nHidden, m.nOut]), tf.tensor1d(p[3])];
}

function phi64(seed: number): Phi64 {
  return initLossNet(new Rng(seed)).map((a) => Array.from(a));
}

function take(ts: tf.Tensor | tf.Tensor[]): number[] {
  const list = Array.isArray(ts) ? ts : [ts];
  const out = list.flatMap((t) => Array.from(t.dataSync()));
  tf.dispose(list);
  return out;
}

const ctxOf = (task: Task, nClasses: number): LossContext => ({ task, nClasses, step: 0, epoch: 0 });

interface Case {
  act: Act;
  task: Task;
  output: Output;
}

function checkMetaGradient({ act, task, output }: Case): void {
  const m: Mlp64 = { nIn: 3, nHidden: 5, nOut: task === 'classification' ? 3 : 1, act };
  const p = params64(m, 11);
  const phi = phi64(5);
  const n = 4;
  const x = Array.from({ length: n }, (_, i) => values(m.nIn, 40 + i, 1.2));
  const y = task === 'classification' ? [[1, 0, 0], [0, 0, 1], [0, 1, 0], [0, 0, 1]] : Array.from({ length: n }, (_, i) => values(1, 60 + i, 1));
  const alpha = 0.5;
  const taskName = task === 'classification' ? 'ce' : 'mse';
  const parts: AdalflParts = { model: mlp(m), task: getLoss(taskName).create({}), output };
  const ctx = ctxOf(task, m.nOut);

  kink.min = Infinity;
  // Every weight of the first and last loss-network layers and a fixed sample of 250 of the middle one.
  const sample = new Rng(17).permutation(2500).subarray(0, 250);
  const picks: [number, number][] = [...phi[0].map((_, j) => [0, j] as [number, number]), ...Array.from(sample, (j) => [1, j] as [number, number]), ...phi[2].map((_, j) => [2, j] as [number, number])];
  const refMeta = fd((q) => metaLoss64(q, p, m, x, y, task, output, alpha), phi.map((a) => [...a]), picks);
  const refBase = fd((q) => learnedLossAndGrad64(phi, q, m, x, y, task, output).value, p.map((a) => [...a]));
  assert.ok(kink.min > 1e-4, `no loss-network ReLU within finite-difference reach of its kink (margin ${kink.min})`);

  const [metaValue, ...metaGrad] = take(
    tf.tidy(() => {
      const { value, grads } = metaGradient(parts, lossNetTensors(phi.map((a) => Float32Array.from(a))), toTensors(p, m), tf.tensor2d(x), tf.tensor2d(y), ctx, alpha);
      return [value, ...grads];
    }),
  );
  const baseGrad = take(tf.tidy(() => tf.grads((...q: tf.Tensor[]) => learnedLoss(parts, lossNetTensors(phi.map((a) => Float32Array.from(a))), q, tf.tensor2d(x), tf.tensor2d(y), ctx))(toTensors(p, m))));

  const label = `${act} ${task} ${output}`;
  const eBase = relErr(baseGrad, refBase);
  const metaRef = metaLoss64(phi, p, m, x, y, task, output, alpha);
  assert.ok(Math.abs(metaValue - metaRef) < 1e-5 * Math.max(1, Math.abs(metaRef)), `${label}: meta-loss ${metaValue} vs float64 ${metaRef}`);
  const offsets = [0, phi[0].length, phi[0].length + phi[1].length];
  const eMeta = relErr(picks.map(([i, j]) => metaGrad[offsets[i] + j]), refMeta);
  assert.ok(Math.hypot(...refMeta) > 1e-3, `${label}: the meta-gradient is not trivially small`);
  assert.ok(eMeta < 1e-5, `${label}: meta-gradient (through the unrolled SGD step) error ${eMeta} against float64 finite differences`);
  assert.ok(eBase < 1e-5, `${label}: gradient of the learned loss with respect to θ error ${eBase}`);
}

test('the float64 reference loss network agrees with its own finite differences in the prediction', () => {
  const phi = phi64(5);
  for (const output of ['softplus', 'smoothLeakyRelu'] as const) {
    for (const [a, b] of [[0.3, 1], [0.7, 0], [-0.4, 0.5]]) {
      const h = 1e-6;
      const num = (lossNet64(phi, a + h, b, output).value - lossNet64(phi, a - h, b, output).value) / (2 * h);
      assert.ok(Math.abs(num - lossNet64(phi, a, b, output).dA) < 1e-7, `${output} at (${a}, ${b})`);
    }
  }
});

test('meta-gradient through one unrolled SGD step vs float64 finite differences: relu MLP, classification', () => {
  checkMetaGradient({ act: 'relu', task: 'classification', output: 'softplus' });
});

test('meta-gradient vs float64 finite differences: tanh MLP (second-order gradient fixes), classification', () => {
  checkMetaGradient({ act: 'tanh', task: 'classification', output: 'softplus' });
});

test('meta-gradient vs float64 finite differences: regression (raw output, one "class", MSE task) and the smooth leaky ReLU output', () => {
  checkMetaGradient({ act: 'relu', task: 'regression', output: 'smoothLeakyRelu' });
  checkMetaGradient({ act: 'tanh', task: 'classification', output: 'smoothLeakyRelu' });
});

test('loss network: 2→50→50→1, no biases, 2650 parameters, Kaiming-normal scale; loss shape trace', () => {
  assert.deepEqual(LOSS_NET_SHAPES.map((s) => [...s]), [[2, 50], [50, 50], [50, 1]]);
  const w = initLossNet(new Rng(1));
  assert.equal(w.reduce((a, t) => a + t.length, 0), 2 * 50 + 50 * 50 + 50);
  const std = (a: Float32Array) => Math.sqrt(a.reduce((s, v) => s + v * v, 0) / a.length);
  assert.ok(Math.abs(std(w[1]) - Math.sqrt(2 / 50)) < 0.02, `layer 2 std ${std(w[1])} vs √(2/50)`);
  assert.ok(Math.abs(std(w[0]) - 1) < 0.3, `layer 1 std ${std(w[0])} vs √(2/2)`);
  const phi = lossNetTensors(w);
  const shape = lossNetShape(phi, 'softplus', 0, 1);
  tf.dispose(phi);
  assert.equal(shape['lossShape/p'].length, 50);
  assert.equal(shape['lossShape/p'][49], 1);
  const ref = phi64(1);
  shape['lossShape/p'].forEach((q, i) => {
    assert.ok(Math.abs(shape['lossShape/y1'][i] - lossNet64(ref, q, 1, 'softplus').value) < 1e-4);
    assert.ok(Math.abs(shape['lossShape/y0'][i] - lossNet64(ref, q, 0, 'softplus').value) < 1e-4);
  });
});

/** A method environment on a tiny classification set. */
function env(arm: Record<string, unknown>, m: Mlp64, n = 24): MethodEnv {
  const rng = new Rng(3);
  const x = tf.tensor2d(Array.from({ length: n * m.nIn }, () => rng.uniform(-1, 1)), [n, m.nIn]);
  const y = tf.tensor2d(Array.from({ length: n }, (_, i) => Array.from({ length: m.nOut }, (_, c) => (i % m.nOut === c ? 1 : 0))));
  const dataset = { task: 'classification', nFeatures: m.nIn, nClasses: m.nOut, featureNames: [], info: [] } as unknown as Dataset;
  return {
    config: { train: { optimizer: { type: 'sgd', lr: 0.1, weightDecay: 0 }, batchSize: 8 } } as unknown as MethodEnv['config'],
    arm: { name: 'a', type: 'adalfl', ...arm },
    model: mlp(m),
    optimizer: createOptimizer({ type: 'sgd', lr: 0.1, weightDecay: 0 }),
    dataset,
    rng: new Rng(9),
    train: { x, y },
    totalSteps: 10,
    stepsPerEpoch: 3,
  };
}

test('online meta-steps on a fixed batch lower the meta-objective; no tensors leak across steps', () => {
  const m: Mlp64 = { nIn: 3, nHidden: 6, nOut: 3, act: 'relu' };
  const e = env({ offlineSteps: 3, metaLr: 0.01 }, m);
  const method = adalflMethod(e);
  const params = toTensors(params64(m, 2), m);
  const ctx = ctxOf('classification', 3);
  const metaLosses: number[] = [];
  const counts: number[] = [];
  for (let s = 0; s < 30; s++) {
    tf.tidy(() => {
      const input = { params, x: e.train.x, y: e.train.y, ctx };
      method.direction(input);
      method.afterStep?.(input, params, 0.1);
    });
    metaLosses.push(method.stepValues?.()['adalfl/metaLoss'] ?? NaN);
    counts.push(tf.memory().numTensors);
  }
  assert.ok(metaLosses.every(Number.isFinite));
  assert.ok(metaLosses[29] < metaLosses[0] - 1e-3, `meta-loss should fall on a fixed batch: ${metaLosses[0]} → ${metaLosses[29]}`);
  assert.deepEqual(counts.slice(1), counts.slice(1).map(() => counts[1]), `tensor count stable across steps: ${counts.join(', ')}`);
  const before = tf.memory().numTensors;
  method.dispose();
  assert.equal(before - tf.memory().numTensors, 3 + 2 + 1, 'dispose frees φ (3 matrices), its Adam state (2 flat buffers) and the meta-loss');
  tf.dispose([...params, e.train.x, e.train.y]);
});

test('through the trainer: runs, records the meta-loss and the loss shape, is deterministic for a seed, and leaks no tensors', async () => {
  const config = resolveConfig(
    tinyConfigObject({
      model: { type: 'mlp', hidden: [8], activation: 'relu' },
      train: { epochs: 2, batchSize: 32, optimizer: { type: 'sgd', lr: 0.1 } },
      losses: [{ name: 'ada', type: 'adalfl', offlineSteps: 4 }],
    }),
  );
  const run = async () => {
    const records: MetricRecord[] = [];
    const before = tf.memory().numTensors;
    const [result] = await runJobs(config, [{ arm: 'ada', seed: 5 }], { backend, onMetrics: (r) => records.push(...r) });
    assert.equal(tf.memory().numTensors, before, 'no tensors left after the run');
    assert.equal(result.status, 'completed', result.reason);
    return records.map(({ time: _t, ...r }) => {
      const v = { ...r.values };
      delete v.stepsPerSec;
      return JSON.stringify({ ...r, values: v });
    });
  };
  const a = await run();
  const b = await run();
  assert.deepEqual(a, b, 'same seed, same records');
  const parsed = a.map((s) => JSON.parse(s) as MetricRecord);
  assert.ok(parsed.some((r) => r.kind === 'train' && Number.isFinite(r.values['adalfl/metaLoss'])));
  const trace = parsed.find((r) => r.kind === 'trace');
  assert.ok(trace?.series && trace.series['lossShape/y1'].length === 50 && trace.series['lossShape/y0'].length === 50);
});

test('gradient diagnostics: ‖∇ℓφ‖/‖∇L_task‖ and their cosine on the step\'s batch and weights', () => {
  const m: Mlp64 = { nIn: 3, nHidden: 5, nOut: 3, act: 'relu' };
  const e = env({ offlineSteps: 0 }, m);
  const method = adalflMethod(e);
  const params = toTensors(params64(m, 4), m);
  const ctx = ctxOf('classification', 3);
  const [learned, task] = tf.tidy(() => {
    const input = { params, x: e.train.x, y: e.train.y, ctx };
    const [objective] = method.objectives(input);
    const gl = tf.grads((...p: tf.Tensor[]) => objective.f(p))(params).flatMap((t) => Array.from(t.dataSync()));
    const gt = tf.grads((...p: tf.Tensor[]) => getLoss('ce').create({})(e.model.forward(p, e.train.x), e.train.y, ctx))(params).flatMap((t) => Array.from(t.dataSync()));
    method.direction(input);
    return [gl, gt];
  });
  const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i], 0);
  const v = method.stepValues!();
  const ratio = Math.sqrt(dot(learned, learned) / dot(task, task));
  const cosine = dot(learned, task) / Math.sqrt(dot(learned, learned) * dot(task, task));
  assert.ok(Math.abs(v['adalfl/gradRatio'] - ratio) < 1e-4 * ratio, `${v['adalfl/gradRatio']} vs ${ratio}`);
  assert.ok(Math.abs(v['adalfl/gradCosine'] - cosine) < 1e-4, `${v['adalfl/gradCosine']} vs ${cosine}`);
  assert.deepEqual(method.stepValues!(), v, 'read twice, same values');
  method.dispose();
  tf.dispose([...params, e.train.x, e.train.y]);
});
