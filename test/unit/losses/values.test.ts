// Standard losses: values against numbers worked out here in float64, reductions, parameters, errors.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
// Stock gradients (tfjs-core's node bundle registers none); imported after tfjs-core so its engine exists first.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { STANDARD_LOSSES, unknownNameMessage, LOSSES } from '../../../src/shared/names';
import { initBackend } from '../../../src/trainer/backend';
import { getLoss, LOSS_REGISTRY, type LossContext } from '../../../src/trainer/losses';

before(async () => {
  await initBackend('cpu');
});

const CLS: LossContext = { task: 'classification', nClasses: 3, step: 0, epoch: 0 };
const REG: LossContext = { task: 'regression', nClasses: 0, step: 0, epoch: 0 };

/** Runs a loss and returns [mean, per-sample values] as plain numbers. */
function run(type: string, params: Record<string, unknown>, out: number[][], target: number[][], ctx: LossContext): { mean: number; per: number[] } {
  const def = getLoss(type);
  const r = tf.tidy(() => {
    const o = tf.tensor2d(out);
    const t = tf.tensor2d(target);
    return [def.create(params)(o, t, ctx), def.createPerSample(params)(o, t, ctx)];
  });
  const mean = r[0].dataSync()[0];
  const per = Array.from(r[1].dataSync());
  assert.deepEqual(r[1].shape, [out.length], 'per-sample shape');
  tf.dispose(r);
  return { mean, per };
}

function close(actual: number, expected: number, tol = 1e-5, msg = ''): void {
  assert.ok(Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)), `${msg} expected ${expected}, got ${actual}`);
}

function closeAll(actual: number[], expected: number[], tol = 1e-5): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((a, i) => close(a, expected[i], tol, `[${i}]`));
}

const softmax64 = (z: number[]): number[] => {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};

test('registry is keyed by exactly STANDARD_LOSSES, with matching types and tasks', () => {
  assert.deepEqual([...LOSS_REGISTRY.keys()], [...STANDARD_LOSSES]);
  for (const [name, def] of LOSS_REGISTRY) {
    assert.equal(def.type, name);
    assert.equal(def.task, ['mse', 'mae', 'huber', 'logcosh'].includes(name) ? 'regression' : 'classification');
  }
  assert.throws(() => getLoss('msee'), { message: unknownNameMessage('loss', 'msee', LOSSES) });
});

test('mse / mae on regression: hand-computed', () => {
  const out = [[1.5], [-2], [0.25]];
  const y = [[1], [1], [0]];
  // residuals 0.5, −3, 0.25
  const mse = run('mse', {}, out, y, REG);
  closeAll(mse.per, [0.25, 9, 0.0625]);
  close(mse.mean, (0.25 + 9 + 0.0625) / 3);
  const mae = run('mae', {}, out, y, REG);
  closeAll(mae.per, [0.5, 3, 0.25]);
  close(mae.mean, 3.75 / 3);
});

test('huber: quadratic inside δ, linear outside, default δ = 1', () => {
  const out = [[0.5], [3], [-1.5], [0.0001]];
  const y = [[0], [0], [0], [0]];
  closeAll(run('huber', {}, out, y, REG).per, [0.125, 2.5, 1, 0.5e-8]);
  // δ = 2: 0.5·0.25, 2·(3 − 1), 0.5·2.25
  closeAll(run('huber', { delta: 2 }, out.slice(0, 3), y.slice(0, 3), REG).per, [0.125, 4, 1.125]);
});

test('logcosh: matches log(cosh(r)) and stays finite for huge residuals', () => {
  const rs = [0.3, -2, 5];
  const r = run('logcosh', {}, rs.map((v) => [v]), rs.map(() => [0]), REG);
  closeAll(r.per, rs.map((v) => Math.log(Math.cosh(v))));
  const big = run('logcosh', {}, [[1e4]], [[0]], REG);
  close(big.per[0], 1e4 - Math.LN2, 1e-6);
});

test('regression losses on classification compare softmax with the one-hot target, summed over classes', () => {
  const z = [[1, 2, 0], [0, 0, 3]];
  const y = [[0, 1, 0], [1, 0, 0]];
  const p = z.map(softmax64);
  const perMse = p.map((row, i) => row.reduce((a, v, j) => a + (v - y[i][j]) ** 2, 0));
  const perMae = p.map((row, i) => row.reduce((a, v, j) => a + Math.abs(v - y[i][j]), 0));
  const perLogcosh = p.map((row, i) => row.reduce((a, v, j) => a + Math.log(Math.cosh(v - y[i][j])), 0));
  const hub = (r: number) => (Math.abs(r) <= 0.5 ? 0.5 * r * r : 0.5 * (Math.abs(r) - 0.25));
  const perHuber = p.map((row, i) => row.reduce((a, v, j) => a + hub(v - y[i][j]), 0));
  closeAll(run('mse', {}, z, y, CLS).per, perMse);
  closeAll(run('mae', {}, z, y, CLS).per, perMae);
  closeAll(run('logcosh', {}, z, y, CLS).per, perLogcosh);
  closeAll(run('huber', { delta: 0.5 }, z, y, CLS).per, perHuber);
  close(run('mse', {}, z, y, CLS).mean, (perMse[0] + perMse[1]) / 2);
});

test('bce: stable per-unit form averaged over units, log 2 at z = 0', () => {
  const z = [[0, 0, 0], [2, -1, 30], [-40, 0.5, 1]];
  const y = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
  const unit = (zz: number, yy: number) => (yy === 1 ? -Math.log(1 / (1 + Math.exp(-zz))) : -Math.log(1 - 1 / (1 + Math.exp(-zz))));
  const expected = z.map((row, i) => row.reduce((a, v, j) => a + unit(v, y[i][j]), 0) / 3);
  // −log(1 − σ(30)) = 30 + log(1 + e^−30) computed stably by hand (the naive form above loses it)
  expected[1] = (unit(2, 0) + unit(-1, 1) + 30 + Math.log1p(Math.exp(-30))) / 3;
  const r = run('bce', {}, z, y, CLS);
  close(r.per[0], Math.LN2);
  closeAll(r.per, expected);
});

test('ce: −log softmax of the true class; label smoothing uses (1−ε)y + ε/C', () => {
  const z = [[0, 0, 0], [1, 2, 3], [5, -1, 0.5]];
  const y = [[1, 0, 0], [0, 0, 1], [0, 1, 0]];
  const expected = z.map((row, i) => -Math.log(softmax64(row)[y[i].indexOf(1)]));
  const r = run('ce', {}, z, y, CLS);
  close(r.per[0], Math.log(3));
  closeAll(r.per, expected);
  close(r.mean, expected.reduce((a, b) => a + b) / 3);
  const eps = 0.2;
  const smoothed = z.map((row, i) => {
    const p = softmax64(row);
    return -y[i].reduce((a, yy, j) => a + ((1 - eps) * yy + eps / 3) * Math.log(p[j]), 0);
  });
  closeAll(run('labelSmoothing', { smoothing: eps }, z, y, CLS).per, smoothed);
  closeAll(run('labelSmoothing', { smoothing: 0 }, z, y, CLS).per, expected);
  const dflt = z.map((row, i) => {
    const p = softmax64(row);
    return -y[i].reduce((a, yy, j) => a + (0.9 * yy + 0.1 / 3) * Math.log(p[j]), 0);
  });
  closeAll(run('labelSmoothing', {}, z, y, CLS).per, dflt);
});

test('focal: −α_t (1 − p_t)^γ log p_t; γ = 0 is cross-entropy', () => {
  const z = [[1, 2, 3], [2, 0, -1], [0.1, 0.2, 0.3]];
  const y = [[0, 0, 1], [1, 0, 0], [0, 1, 0]];
  const pt = z.map((row, i) => softmax64(row)[y[i].indexOf(1)]);
  const focal = (g: number, a: number[]) => pt.map((p, i) => -a[i] * (1 - p) ** g * Math.log(p));
  closeAll(run('focal', {}, z, y, CLS).per, focal(2, [1, 1, 1]));
  closeAll(run('focal', { gamma: 0 }, z, y, CLS).per, focal(0, [1, 1, 1]));
  closeAll(run('focal', { gamma: 0.5, alpha: 0.25 }, z, y, CLS).per, focal(0.5, [0.25, 0.25, 0.25]));
  closeAll(run('focal', { gamma: 1, alpha: [0.1, 0.2, 0.7] }, z, y, CLS).per, focal(1, [0.7, 0.1, 0.2]));
  closeAll(run('ce', {}, z, y, CLS).per, focal(0, [1, 1, 1]));
});

test('focal is finite and accurate for logits of size 1e3', () => {
  const z = [[1000, 1001, 999], [1000, 992, 0]];
  const y = [[0, 1, 0], [1, 0, 0]];
  const pt = z.map((row, i) => softmax64(row)[y[i].indexOf(1)]);
  const expected = pt.map((p) => -((1 - p) ** 2) * Math.log(p));
  const r = run('focal', {}, z, y, CLS);
  close(r.per[0], expected[0]);
  // 1 − p_t ≈ 3.4e−4: float32 resolves log p_t to ~2e−4 relative (as PyTorch's float32 logSumExp)
  assert.ok(Math.abs(r.per[1] - expected[1]) <= 1e-3 * expected[1], `${r.per[1]} vs ${expected[1]}`);
});

test('hinge (Weston–Watkins): Σ_{j≠y} max(0, margin + z_j − z_y)', () => {
  const z = [[1, 2, 0.5], [3, 0, 0], [0, 0, 0]];
  const y = [[1, 0, 0], [1, 0, 0], [0, 1, 0]];
  // row 0: max(0, 1+2−1) + max(0, 1+0.5−1) = 2 + 0.5; row 1: 0 + 0; row 2: 1 + 1
  const r = run('hinge', {}, z, y, CLS);
  closeAll(r.per, [2.5, 0, 2]);
  close(r.mean, 4.5 / 3);
  // margin 3: row 1: max(0, 3−3)·2 = 0; row 0: 4 + 2.5
  closeAll(run('hinge', { margin: 3 }, z, y, CLS).per, [6.5, 0, 6]);
});

test('parameters: defaults, range checks, unknown keys', () => {
  assert.throws(() => getLoss('huber').create({ delta: 0 }), /loss 'huber': parameter 'delta' must be a number > 0, got 0/);
  assert.throws(() => getLoss('huber').create({ delta: 'big' }), /parameter 'delta'/);
  assert.throws(() => getLoss('labelSmoothing').create({ smoothing: 1 }), /parameter 'smoothing' must be a number ≥ 0 and < 1/);
  assert.throws(() => getLoss('focal').create({ gamma: -1 }), /parameter 'gamma'/);
  assert.throws(() => getLoss('focal').create({ alpha: [0.5, -1] }), /parameter 'alpha\[1\]'/);
  assert.throws(() => getLoss('hinge').create({ delta: 1 }), /loss 'hinge': unknown parameter 'delta'; valid parameters: margin/);
  assert.throws(() => getLoss('mse').create({ delta: 1 }), /unknown parameter 'delta'; valid parameters: none/);
  assert.deepEqual(getLoss('focal').params.map((p) => p.name), ['gamma', 'alpha']);
});

test('misuse: classification loss on a regression task, shape mismatch, focal alpha length', () => {
  const ce = getLoss('ce').create({});
  tf.tidy(() => {
    assert.throws(() => ce(tf.tensor2d([[1]]), tf.tensor2d([[1]]), REG), /loss 'ce' needs a classification task/);
    assert.throws(() => ce(tf.tensor2d([[1, 2]]), tf.tensor2d([[1, 0, 0]]), CLS), /must have the same \[n, k\] shape/);
    const f = getLoss('focal').create({ alpha: [1, 2] });
    assert.throws(() => f(tf.tensor2d([[1, 2, 3]]), tf.tensor2d([[1, 0, 0]]), CLS), /alpha has 2 weights for 3 classes/);
  });
});

test('every loss leaves no tensors behind inside tidy', () => {
  const z = tf.tensor2d([[1, 2, 3], [0, -1, 1]]);
  const y = tf.tensor2d([[0, 1, 0], [1, 0, 0]]);
  const before = tf.memory().numTensors;
  for (const def of LOSS_REGISTRY.values()) {
    const fn = def.create({});
    const per = def.createPerSample({});
    tf.tidy(() => {
      fn(z, y, CLS);
      per(z, y, CLS);
      tf.grad((o: tf.Tensor) => fn(o as tf.Tensor2D, y, CLS))(z);
    });
  }
  assert.equal(tf.memory().numTensors, before);
  tf.dispose([z, y]);
});
