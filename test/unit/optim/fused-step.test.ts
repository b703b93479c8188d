// The fused (one JS kernel) optimizer step and gradient statistics against their tensor-op forms, on
// wasm and cpu: same values over several steps, no leaked tensors, and the op path inside a tape.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { OptimizerConfig } from '../../../src/shared/config/types';
import { initBackend } from '../../../src/trainer/backend';
import { captureGradientStats, packGradientStats, readGradientStats } from '../../../src/trainer/job/grad-stats';
import { createOptimizer } from '../../../src/trainer/optim';
import { flatten } from '../../../src/trainer/optim/flat';
import type { ParamSpec } from '../../../src/trainer/models';

const SHAPES = [[3, 4], [4], [4, 2], [2]];
const SPECS: ParamSpec[] = SHAPES.map((shape, i) => ({ name: `l${i >> 1}.${i % 2 ? 'bias' : 'weight'}`, layer: `l${i >> 1}`, shape, kind: i % 2 ? 'bias' : 'weight' }));

function seeded(shape: number[], seed: number): tf.Tensor {
  let s = seed >>> 0 || 1;
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Array.from({ length: n }, () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1), shape);
}

const CONFIGS: OptimizerConfig[] = [
  { type: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 },
  { type: 'adam', lr: 0.01, beta1: 0.8, beta2: 0.95, epsilon: 0.3, weightDecay: 0.1 },
  { type: 'adamw', lr: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.5 },
  { type: 'rmsprop', lr: 0.01, decay: 0.9, momentum: 0.7, epsilon: 0.01, weightDecay: 0.1 },
  { type: 'rmsprop', lr: 0.01, decay: 0.99, momentum: 0, epsilon: 1e-8, weightDecay: 0 },
  { type: 'momentum', lr: 0.01, momentum: 0.8, nesterov: true, weightDecay: 0.05 },
  { type: 'momentum', lr: 0.01, momentum: 0.9, nesterov: false, weightDecay: 0 },
];

/** Runs `steps` optimizer steps; `taped` runs each inside a gradient tape (the tensor-op path). */
function trajectory(cfg: OptimizerConfig, taped: boolean, steps = 4): number[] {
  const opt = createOptimizer(cfg);
  let params = SHAPES.map((s, i) => seeded(s, 10 + i));
  let state = opt.initState(params);
  for (let t = 1; t <= steps; t++) {
    const grads = SHAPES.map((s, i) => seeded(s, 100 * t + i));
    let next: { params: tf.Tensor[]; state: tf.Tensor[] } | undefined;
    const run = () => (next = opt.step(params, grads, state, cfg.lr, t));
    if (taped) {
      // A tape records while the step runs (as when a method differentiates through it).
      tf.tidy(() => {
        tf.grad((x: tf.Tensor) => {
          const out = run();
          out.params.forEach((p) => tf.keep(p));
          out.state.forEach((s) => tf.keep(s));
          return tf.sum(x);
        })(tf.scalar(1));
      });
    } else {
      next = tf.tidy(run);
    }
    tf.dispose([...params, ...state, ...grads]);
    params = next!.params;
    state = next!.state;
  }
  const all = tf.tidy(() => tf.concat([flatten(params), ...state]));
  const out = Array.from(all.dataSync());
  tf.dispose([all, ...params, ...state]);
  return out;
}

for (const backend of ['wasm', 'cpu']) {
  test(`${backend}: the fused optimizer step equals the tensor-op step, without leaks`, async () => {
    await initBackend(backend);
    for (const cfg of CONFIGS) {
      const before = tf.memory().numTensors;
      const fused = trajectory(cfg, false);
      const ops = trajectory(cfg, true);
      assert.equal(tf.memory().numTensors, before, `${cfg.type}: tensors leaked`);
      fused.forEach((v, i) => assert.ok(Math.abs(v - ops[i]) <= 1e-6 * Math.max(1, Math.abs(ops[i])), `${JSON.stringify(cfg)} [${i}]: fused ${v}, ops ${ops[i]}`));
    }
  });

  test(`${backend}: gradient statistics (read from the buffers, and packed) give the loss, the global and the per-layer norms`, async () => {
    await initBackend(backend);
    // Some gradients are views (a reshape, a slice) of other tensors' data, as autodiff can produce.
    const base = seeded([SHAPES[2].reduce((a, b) => a * b, 1) + 5], 3);
    const grads = SHAPES.map((s, i) => (i === 2 ? tf.reshape(tf.slice(base, [5], [s.reduce((a, b) => a * b, 1)]), s) : i === 3 ? tf.reshape(seeded([s.reduce((a, b) => a * b, 1)], 9), s) : seeded(s, 7 + i)));
    const loss = tf.reshape(tf.tensor1d([0.75]), []);
    const sq = grads.map((g) => Array.from(g.dataSync()).reduce((a, v) => a + v * v, 0));
    const buffer = new Float64Array(1 + grads.length);
    const before = tf.memory().numTensors;
    const captured = captureGradientStats(loss, grads, 'perLayer', buffer);
    assert.equal(captured, 'read', 'wasm and cpu read the buffers directly');
    const direct = readGradientStats(captured, buffer, SPECS, 'perLayer');
    const packed = readGradientStats(packGradientStats(loss, grads, 'perLayer'), new Float64Array(0), SPECS, 'perLayer');
    assert.equal(tf.memory().numTensors, before);
    for (const stats of [direct, packed]) {
      assert.equal(stats.loss, 0.75);
      assert.ok(Math.abs(stats.gradNorm - Math.sqrt(sq.reduce((a, b) => a + b))) < 1e-5);
      assert.ok(Math.abs(stats['gradNorm/l0'] - Math.sqrt(sq[0] + sq[1])) < 1e-5);
      assert.ok(Math.abs(stats['gradNorm/l1'] - Math.sqrt(sq[2] + sq[3])) < 1e-5);
    }
    buffer.fill(NaN);
    assert.deepEqual(readGradientStats(captureGradientStats(loss, grads, 'off', buffer), buffer, SPECS, 'off'), { loss: 0.75 });
    assert.deepEqual(readGradientStats(packGradientStats(loss, grads, 'off'), buffer, SPECS, 'off'), { loss: 0.75 });
    tf.dispose([...grads, loss, base]);
  });
}
