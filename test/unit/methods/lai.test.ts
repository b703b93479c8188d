import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/trainer/backend';
import { getLoss } from '../../../src/trainer/losses';
import { laiLoss, laiMethod, laiMultiplier } from '../../../src/trainer/methods/lai';
import { runJobs } from '../../../src/trainer/run-jobs';
import type { MetricRecord } from '../../../src/shared/metrics';
import { validateConfigText } from '../../../src/shared/config';
import { STANDARD_LOSSES } from '../../../src/shared/names';
import { ROOT, resolveConfig } from '../../helpers/config';
import { ctxOf, fdGradient, forward64, kink, methodEnv, mlpModel, params64, relErr, softmax64, take, toTensors, values, type Act, type Mlp64, type Params64 } from './lai-reference64';

test.before(async () => {
  await initBackend('cpu');
});

/** The paper's two-branch form, written independently of the implementation's. */
function paperMultiplier(k: number, lambda: number): number {
  const a = Math.abs(k);
  return lambda >= 1 ? Math.max(a, lambda) / Math.sqrt(1 + k * k) : Math.max(a / lambda, 1) / Math.sqrt(1 + k * k);
}

test('the multiplier matches hand-computed values for λ < 1, λ = 1 and λ > 1, and is smallest at |k| = λ', () => {
  const cases: [number, number, number][] = [
    // [λ, k, expected]
    [0.5, 0.25, 1 / Math.sqrt(1.0625)], // max(0.5, 1) = 1
    [0.5, 2, 4 / Math.sqrt(5)], // max(4, 1) = 4
    [0.5, 0.5, 1 / Math.sqrt(1.25)],
    [1, 0, 1],
    [1, 1, 1 / Math.SQRT2],
    [1, 3, 3 / Math.sqrt(10)],
    [2, 1, 2 / Math.SQRT2],
    [2, 2, 2 / Math.sqrt(5)],
    [2, 3, 3 / Math.sqrt(10)],
  ];
  for (const [lambda, k, expected] of cases) {
    assert.ok(Math.abs(paperMultiplier(k, lambda) - expected) < 1e-12, `paper form λ=${lambda} k=${k}`);
    const got = take(tf.tidy(() => laiMultiplier(tf.scalar(k * k), lambda)))[0];
    assert.ok(Math.abs(got - expected) < 1e-6 * expected, `λ=${lambda} k=${k}: ${got} vs ${expected}`);
  }
  for (const lambda of [0.3, 1, 2.5]) {
    const ks = Array.from({ length: 401 }, (_, i) => i / 50);
    const m = take(tf.tidy(() => laiMultiplier(tf.tensor1d(ks.map((k) => k * k)), lambda)));
    const argmin = ks[m.indexOf(Math.min(...m))];
    assert.ok(Math.abs(argmin - lambda) <= 0.02, `λ=${lambda}: minimum at k=${argmin}`);
  }
});

interface Case {
  act: Act;
  task: 'regression' | 'classification';
  lambda: number;
  features?: string[];
}

const N = 8;

function batch(m: Mlp64, task: Case['task'], seed: number): { x: number[][]; y: number[][] } {
  const xs = values(N * m.nIn, seed, 1.5);
  const x = Array.from({ length: N }, (_, i) => xs.slice(i * m.nIn, (i + 1) * m.nIn));
  if (task === 'regression') return { x, y: values(N, seed + 9).map((v) => [v]) };
  return { x, y: Array.from({ length: N }, (_, i) => Array.from({ length: m.nOut }, (_, c) => (c === i % m.nOut ? 1 : 0))) };
}

/** Per-sample base loss e and squared slope k² in float64. */
function sample64(p: Params64, m: Mlp64, task: Case['task'], x: number[], y: number[], idx: number[]): { e: number; s: number } {
  const { o, dodx } = forward64(p, m, x);
  let e: number;
  let grad: number[];
  if (task === 'regression') {
    e = (o[0] - y[0]) ** 2;
    grad = dodx[0];
  } else {
    const pr = softmax64(o);
    const t = y.indexOf(1);
    e = -Math.log(pr[t]);
    grad = x.map((_, i) => pr.reduce((acc, pj, j) => acc + pr[t] * ((j === t ? 1 : 0) - pj) * dodx[j][i], 0));
  }
  return { e, s: idx.reduce((acc, i) => acc + grad[i] ** 2, 0) };
}

/** The Lai objective in float64; `frozen` replaces the multipliers (to build a k-constant variant). */
function objective64(p: Params64, m: Mlp64, c: Case, data: { x: number[][]; y: number[][] }, frozen?: number[]): { value: number; mult: number[]; slopes: number[] } {
  const idx = c.features ? c.features.map((f) => Number(f.slice(1)) - 1) : Array.from({ length: m.nIn }, (_, i) => i);
  const mult: number[] = [];
  const slopes: number[] = [];
  let sum = 0;
  data.x.forEach((x, i) => {
    const { e, s } = sample64(p, m, c.task, x, data.y[i], idx);
    const k = Math.sqrt(s);
    const mi = frozen ? frozen[i] : paperMultiplier(k, c.lambda);
    mult.push(mi);
    slopes.push(k);
    sum += e * mi;
  });
  return { value: sum / data.x.length, mult, slopes };
}

function checkGradient(c: Case): void {
  const m: Mlp64 = { nIn: 3, nHidden: 6, nOut: c.task === 'regression' ? 1 : 3, act: c.act };
  const p = params64(m, 11);
  const data = batch(m, c.task, 21);
  kink.minAbsZ = Infinity;
  const base = objective64(p, m, c, data);
  const reference = fdGradient((q) => objective64(q, m, c, data).value, p);
  const kConstant = fdGradient((q) => objective64(q, m, c, data, base.mult).value, p);
  if (c.act === 'relu') assert.ok(kink.minAbsZ > 1e-3, `a pre-activation is within ${kink.minAbsZ} of the relu kink`);
  const kMargin = Math.min(...base.slopes.map((k) => Math.abs(k - c.lambda)));
  assert.ok(kMargin > 1e-3, `a slope is within ${kMargin} of λ (the max kink)`);

  const arm = { name: 'lai', type: 'lai', base: c.task === 'regression' ? 'mse' : 'ce', lambda: c.lambda, ...(c.features ? { features: c.features } : {}) };
  const env = methodEnv(arm, mlpModel(m), { task: c.task, nFeatures: m.nIn, nClasses: m.nOut });
  const method = laiMethod(env);
  const out = tf.tidy(() => {
    const { value, grads } = method.direction({ params: toTensors(p, m), x: tf.tensor2d(data.x), y: tf.tensor2d(data.y), ctx: ctxOf(c.task, m.nOut) });
    return [value, ...grads];
  });
  const [value, ...grads] = take(out);
  const meanSlope = method.stepValues?.()['lai/meanSlope'];
  method.dispose();
  assert.ok(Math.abs(value - base.value) < 1e-5 * Math.abs(base.value), `value ${value} vs ${base.value}`);
  assert.ok(meanSlope !== undefined && Math.abs(meanSlope - base.slopes.reduce((a, b) => a + b, 0) / N) < 1e-4, `mean slope ${meanSlope}`);
  const err = relErr(grads, reference);
  assert.ok(err < 2e-4, `gradient relative error ${err.toExponential(2)} against float64 finite differences`);
  // The check can tell a gradient that treats k as a constant apart from the right one.
  assert.ok(relErr(kConstant, reference) > 0.02, `k-constant gradient too close to the reference (${relErr(kConstant, reference)})`);
}

const GRADIENT_CASES: [string, Case][] = [
  ['relu MLP, regression, λ < 1', { act: 'relu', task: 'regression', lambda: 0.7 }],
  ['relu MLP, classification (true-class probability), λ < 1', { act: 'relu', task: 'classification', lambda: 0.05 }],
  // tanh and softmax need differentiable gradients (the second-order fixes installed by initBackend).
  ['tanh MLP, regression, λ > 1, slope on named features', { act: 'tanh', task: 'regression', lambda: 1.5, features: ['x1', 'x3'] }],
  ['tanh MLP, classification', { act: 'tanh', task: 'classification', lambda: 0.08 }],
];

for (const backend of ['cpu', 'wasm'] as const) {
  for (const [label, c] of GRADIENT_CASES) {
    test(`Lai gradient through k matches float64 finite differences (${backend}): ${label}`, async () => {
      await initBackend(backend);
      checkGradient(c);
    });
  }
}

test('sampling: rows outside the sample use the base loss, the mean is over the whole batch', async () => {
  await initBackend('cpu');
  const m: Mlp64 = { nIn: 3, nHidden: 6, nOut: 1, act: 'tanh' };
  const c: Case = { act: 'tanh', task: 'regression', lambda: 0.7 };
  const p = params64(m, 5);
  const data = batch(m, 'regression', 8);
  const rows = Int32Array.from([1, 4, 6]);
  const full = objective64(p, m, c, data);
  let expected = 0;
  data.x.forEach((x, i) => {
    const { e } = sample64(p, m, 'regression', x, data.y[i], [0, 1, 2]);
    expected += rows.includes(i) ? e * full.mult[i] : e;
  });
  expected /= N;
  const parts = { base: getLoss('mse').createPerSample({}), model: mlpModel(m), opts: { lambda: 0.7, sampleFraction: 0.5, warmupEpochs: 0 } };
  const got = take(tf.tidy(() => laiLoss(parts, toTensors(p, m), tf.tensor2d(data.x), tf.tensor2d(data.y), ctxOf('regression', 1), rows)))[0];
  assert.ok(Math.abs(got - expected) < 1e-5 * expected, `${got} vs ${expected}`);
  const warm = { ...parts, opts: { ...parts.opts, warmupEpochs: 2 } };
  const plain = data.x.reduce((acc, x, i) => acc + sample64(p, m, 'regression', x, data.y[i], [0]).e, 0) / N;
  const gotWarm = take(tf.tidy(() => laiLoss(warm, toTensors(p, m), tf.tensor2d(data.x), tf.tensor2d(data.y), ctxOf('regression', 1, 5, 1.5))))[0];
  assert.ok(Math.abs(gotWarm - plain) < 1e-5 * plain, `during warm-up the loss is the base loss: ${gotWarm} vs ${plain}`);
});

test('no tensors leak across steps (sampling, warm-up and slope monitoring included)', async () => {
  await initBackend('cpu');
  const m: Mlp64 = { nIn: 3, nHidden: 4, nOut: 1, act: 'tanh' };
  const data = batch(m, 'regression', 3);
  const params = toTensors(params64(m, 2), m);
  const x = tf.tensor2d(data.x);
  const y = tf.tensor2d(data.y);
  const env = methodEnv({ name: 'lai', type: 'lai', sampleFraction: 0.5, warmupEpochs: 1 }, mlpModel(m), { task: 'regression', nFeatures: 3, nClasses: 1 });
  const before = tf.memory().numTensors;
  const method = laiMethod(env);
  for (const epoch of [0, 0.5, 1, 2, 3]) {
    tf.dispose(tf.tidy(() => method.direction({ params, x, y, ctx: ctxOf('regression', 1, epoch * 10, epoch) }).grads));
    assert.ok(Number.isFinite(method.stepValues?.()['lai/meanSlope']));
  }
  method.dispose();
  assert.equal(tf.memory().numTensors, before);
  tf.dispose([...params, x, y]);
});

test('config: the base may be any standard loss; a classification base on a regression task is an error', () => {
  const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'losslab.schema.json'), 'utf8'));
  assert.deepEqual(schema.definitions['loss.lai'].properties.base.enum, [...STANDARD_LOSSES]);
  const text = (base: string) => JSON.stringify({ name: 'x', data: { dataset: 'sine' }, model: { type: 'mlp', hidden: [4] }, losses: [{ type: 'lai', base, lambda: 0.5 }] });
  const bad = validateConfigText(text('ce'), '/tmp/x.losslab.json');
  assert.deepEqual(bad.problems.map((p) => [p.path, p.severity]), [['losses[0].base', 'error']]);
  assert.match(bad.problems[0].message, /Lai base loss 'ce' needs class labels, but dataset 'sine' is a regression task/);
  const good = validateConfigText(text('huber'), '/tmp/x.losslab.json');
  assert.deepEqual(good.problems, []);
  assert.deepEqual(good.config?.losses[0], { name: 'lai', type: 'lai', base: 'huber', lambda: 0.5, sampleFraction: 1, warmupEpochs: 0 });
});

test('an unknown feature name is refused with the valid names', () => {
  const m: Mlp64 = { nIn: 2, nHidden: 3, nOut: 1, act: 'relu' };
  const env = methodEnv({ name: 'lai', type: 'lai', features: ['x9'] }, mlpModel(m), { task: 'regression', nFeatures: 2, nClasses: 1 });
  assert.throws(() => laiMethod(env), /unknown feature 'x9'; valid features: x1, x2/);
});

test('training pulls slopes towards λ: λ < 1 ends with smaller slopes than λ > 1 on a 1-D regression', async () => {
  const config = resolveConfig({
    name: 'lai-slopes',
    seed: 5,
    data: { dataset: 'sine', points: 200, noise: 0.1 },
    model: { type: 'mlp', hidden: [16], activation: 'relu' },
    train: { epochs: 25, batchSize: 40, optimizer: { type: 'adam', lr: 0.01 } },
    metrics: { gradNorm: 'off' },
    losses: [
      { name: 'small', type: 'lai', lambda: 0.2 },
      { name: 'large', type: 'lai', lambda: 4 },
    ],
  });
  const slopes: Record<string, number[]> = { small: [], large: [] };
  const results = await runJobs(config, [{ arm: 'small', seed: 5 }, { arm: 'large', seed: 5 }], {
    backend: 'cpu',
    onMetrics: (records: MetricRecord[]) => {
      for (const r of records) if (r.kind === 'train' && 'lai/meanSlope' in r.values) slopes[r.arm].push(r.values['lai/meanSlope']);
    },
  });
  for (const r of results) assert.equal(r.status, 'completed', r.reason);
  const last = (a: number[]) => a.slice(-20).reduce((s, v) => s + v, 0) / 20;
  const small = last(slopes.small);
  const large = last(slopes.large);
  assert.ok(small < 0.7 * large, `mean slope with λ = 0.2: ${small.toFixed(3)}, with λ = 4: ${large.toFixed(3)}`);
  assert.ok(slopes.small[0] > small, `λ = 0.2 lowers the slope from its start (${slopes.small[0].toFixed(3)} → ${small.toFixed(3)})`);
  assert.ok(slopes.large[0] < large, `λ = 4 raises the slope from its start (${slopes.large[0].toFixed(3)} → ${large.toFixed(3)})`);
});
