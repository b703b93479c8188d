import '../../../src/trainer/tfjs-gradients';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import type { MetricRecord } from '../../../src/shared/metrics';
import { initBackend } from '../../../src/trainer/backend';
import type { Dataset } from '../../../src/trainer/data';
import { getLoss, type LossContext } from '../../../src/trainer/losses';
import { bloopMethod } from '../../../src/trainer/methods/bloop';
import { createAuxObjective, inputGradNorm } from '../../../src/trainer/methods/bloop-aux';
import { bloopDirection, type BloopMode } from '../../../src/trainer/methods/bloop-direction';
import type { MethodEnv } from '../../../src/trainer/methods/types';
import { buildModel, type Model } from '../../../src/trainer/models';
import { createOptimizer } from '../../../src/trainer/optim';
import { Rng } from '../../../src/shared/rng';
import { runJobs } from '../../../src/trainer/run-jobs';
import { resolveConfig, tinyConfigObject } from '../../helpers/config';
import { direction64, fd, inputGradNorm64, kink, relErr, spectralLipschitz64, squaredSpectralNorm64, symmetricEigenvalues, type Act, type Mlp64 } from './bloop-reference64';

const backend = process.env.LOSSLAB_TEST_BACKEND ?? 'cpu';

test.before(async () => {
  await initBackend(backend);
});

function values(n: number, seed: number, scale = 1): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => Math.fround(rng.uniform(-scale, scale)));
}

function take(ts: tf.Tensor | tf.Tensor[]): number[] {
  const list = Array.isArray(ts) ? ts : [ts];
  const out = list.flatMap((t) => Array.from(t.dataSync()));
  tf.dispose(list);
  return out;
}

/** Splits a flat vector of 10 into tensors [2, 3] and [4]: directions treat lists as one flat vector. */
const SHAPES = [[2, 3], [4]];
const split = (v: number[]): tf.Tensor[] => [tf.tensor2d(v.slice(0, 6), [2, 3]), tf.tensor1d(v.slice(6))];

/** The values of a list of tensors as one flat array (the tensors stay alive). */
const read = (ts: readonly tf.Tensor[]): number[] => ts.flatMap((t) => Array.from(t.dataSync()));

const ctxOf = (nClasses: number): LossContext => ({ task: 'classification', nClasses, step: 0, epoch: 0 });

function close(a: number, b: number, tol: number, label: string): void {
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${label}: ${a} vs ${b}`);
}

test('directions by hand: g_main = (1, 0), g_aux = (−1, 1), λ = 1', () => {
  const run = (mode: BloopMode) => take(tf.tidy(() => bloopDirection(mode, [tf.tensor1d([1, 0])], [tf.tensor1d([-1, 1])], undefined, 0.1, 1).direction));
  // bloop: EMA starts at g_main; ratio = −1/(1 + 1e-7); d = g_main + g_aux − ratio·g_ema ≈ (1, 1).
  const b = run('bloop');
  close(b[0], 1, 1e-6, 'bloop x');
  close(b[1], 1, 1e-6, 'bloop y');
  assert.deepEqual(run('sum'), [0, 1]);
  // pcgrad: ⟨g_main, g_aux⟩ = −1 < 0; g_main' = (1,0) + ½(−1,1) = (½,½); g_aux' = (−1,1) + (1,0) = (0,1).
  const p = run('pcgrad');
  close(p[0], 0.5, 1e-6, 'pcgrad x');
  close(p[1], 1.5, 1e-6, 'pcgrad y');
  // no conflict: pcgrad is the plain sum
  const noConflict = take(tf.tidy(() => bloopDirection('pcgrad', [tf.tensor1d([1, 0])], [tf.tensor1d([1, 1])], undefined, 0.1, 0.5).direction));
  assert.deepEqual(noConflict, [1.5, 0.5]);
});

test('all three modes over 5 steps vs float64 (EMA starts at the first gradient and is updated before use; lists are one flat vector)', () => {
  for (const mode of ['bloop', 'sum', 'pcgrad'] as const) {
    for (const [beta, lambda] of [[0.1, 0.1], [0.5, 2], [1, 0.7]]) {
      let ema: tf.Tensor[] | undefined;
      let ema64: number[] | undefined;
      for (let s = 0; s < 5; s++) {
        const gm = values(10, 100 + s);
        const ga = values(10, 200 + s).map((v, i) => v - 0.4 * gm[i]);
        const ref = direction64(mode, gm, ga, ema64, beta, lambda);
        const out = tf.tidy(() => {
          const r = bloopDirection(mode, split(gm), split(ga), ema, beta, lambda);
          return { d: r.direction, ema: r.ema, scalars: [r.cosine, r.removedNorm] };
        });
        tf.dispose(ema ?? []);
        ema = out.ema;
        assert.deepEqual(out.d.map((t) => t.shape), SHAPES);
        const label = `${mode} β=${beta} λ=${lambda} step ${s}`;
        assert.ok(relErr(take(out.d), ref.d) < 1e-6, `${label}: direction`);
        assert.ok(relErr(read(ema), ref.ema) < 1e-6, `${label}: EMA`);
        const [cosine, removed] = take(out.scalars);
        close(cosine, ref.cosine, 1e-5, `${label}: cosine`);
        close(removed, ref.removedNorm, 1e-5, `${label}: removed norm`);
        if (mode === 'sum') assert.equal(removed, 0);
        ema64 = ref.ema;
      }
      tf.dispose(ema ?? []);
    }
  }
});

test('bloop mode is an orthogonal projection: ⟨d − g_main, g_ema⟩ = 0, and the removed part is parallel to g_ema', () => {
  let ema: tf.Tensor[] | undefined;
  for (let s = 0; s < 4; s++) {
    const gm = values(10, 300 + s);
    const ga = values(10, 400 + s).map((v, i) => v + 0.8 * gm[i]);
    const lambda = 0.3;
    const out = tf.tidy(() => {
      const r = bloopDirection('bloop', split(gm), split(ga), ema, 0.2, lambda);
      return { d: r.direction, ema: r.ema };
    });
    tf.dispose(ema ?? []);
    ema = out.ema;
    const d = take(out.d);
    const e = read(ema);
    const diff = d.map((v, i) => v - gm[i]);
    const inner = diff.reduce((a, v, i) => a + v * e[i], 0);
    const scale = lambda * Math.hypot(...ga) * Math.hypot(...e);
    assert.ok(Math.abs(inner) < 1e-6 * scale, `step ${s}: ⟨d − g_main, g_ema⟩ = ${inner} (scale ${scale})`);
    // d − g_main − λ g_aux is a multiple of g_ema
    const rem = diff.map((v, i) => v - lambda * ga[i]);
    const k = rem.reduce((a, v, i) => a + v * e[i], 0) / e.reduce((a, v) => a + v * v, 0);
    assert.ok(relErr(rem, e.map((v) => k * v)) < 1e-5, `step ${s}: removed part ∥ g_ema`);
  }
  tf.dispose(ema ?? []);
});

test('the float64 eigenvalue reference: trace, and a matrix with known singular values', () => {
  const ev = symmetricEigenvalues([4, 1, 0, 1, 3, 1, 0, 1, 2], 3);
  close(ev.reduce((a, b) => a + b, 0), 9, 1e-12, 'trace');
  // W = diag(3, 2) rotated: singular values 3 and 2.
  const c = Math.cos(0.7);
  const s = Math.sin(0.7);
  close(squaredSpectralNorm64([3 * c, -2 * s, 3 * s, 2 * c], 2, 2), 9, 1e-12, 'σ_max² of a rotated diag(3, 2)');
});

function mlp(m: Mlp64, hidden: number[] = [m.nHidden]): Model {
  return buildModel({ type: 'mlp', hidden, activation: m.act, init: 'auto' }, { nFeatures: m.nIn, nOutputs: m.nOut });
}

test('spectralLipschitz: value vs float64 eigenvalues of WᵀW, gradient vs float64 finite differences, warm start across steps', () => {
  const m: Mlp64 = { nIn: 3, nHidden: 5, nOut: 2, act: 'relu' };
  const model = mlp(m, [5, 4]);
  const shapes: [number, number][] = [[3, 5], [5, 4], [4, 2]];
  const ws = shapes.map(([r, c], i) => values(r * c, 500 + i, 0.9));
  const params = () => [tf.tensor2d(ws[0], shapes[0]), tf.zeros([5]), tf.tensor2d(ws[1], shapes[1]), tf.zeros([4]), tf.tensor2d(ws[2], shapes[2]), tf.zeros([2])];
  const x = tf.zeros([1, 3]) as tf.Tensor2D;
  const y = tf.zeros([1, 2]) as tf.Tensor2D;
  const ref = spectralLipschitz64(ws, shapes);
  const refGrad = fd((q) => spectralLipschitz64(q, shapes), ws.map((w) => [...w]));

  const aux = createAuxObjective('spectralLipschitz', { model, main: 'ce', powerIterations: 1, rng: new Rng(1) });
  assert.deepEqual(aux.paramIdx, [0, 2, 4], 'weights only');
  const p = params();
  // 30 iterations at the first step, then one per step from the warm vectors.
  const history: number[] = [];
  for (let s = 0; s < 20; s++) {
    tf.tidy(() => aux.prepare(p));
    history.push(take(tf.tidy(() => aux.f(p, x, y, ctxOf(2))))[0]);
  }
  close(history[19], ref, 1e-5, 'Σ log σ² after warm-up');
  assert.ok(history.every((v, i) => i === 0 || v >= history[i - 1] - 1e-5), `the estimate rises monotonically towards σ_max: ${history.join(', ')}`);
  const grads = take(tf.tidy(() => tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => aux.f([a, p[1], b, p[3], c, p[5]], x, y, ctxOf(2)))([p[0], p[2], p[4]])));
  const err = relErr(grads, refGrad);
  assert.ok(err < 1e-4, `gradient (u, v constant: ∂σ/∂W = u vᵀ) error ${err}`);
  aux.dispose();
  tf.dispose([...p, x, y]);
});

function checkInputGradNorm(act: Act): void {
  const m: Mlp64 = { nIn: 3, nHidden: 6, nOut: 3, act };
  const p = [values(18, 600, 0.9), values(6, 601, 0.5), values(18, 602, 0.9), values(3, 603, 0.5)];
  const x = Array.from({ length: 5 }, (_, i) => values(3, 700 + i, 1.3));
  const y = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0], [0, 1, 0]];
  kink.min = Infinity;
  const ref = inputGradNorm64(p, m, x, y);
  const refGrad = fd((q) => inputGradNorm64(q, m, x, y), p.map((a) => [...a]));
  assert.ok(kink.min > 1e-4, 'no hidden unit near its ReLU kink');
  const model = mlp(m);
  const perSample = getLoss('ce').createPerSample({});
  const toT = () => [tf.tensor2d(p[0], [3, 6]), tf.tensor1d(p[1]), tf.tensor2d(p[2], [6, 3]), tf.tensor1d(p[3])];
  const [value, ...grads] = take(
    tf.tidy(() => {
      const r = tf.valueAndGrads((...q: tf.Tensor[]) => inputGradNorm(model, perSample, q, tf.tensor2d(x), tf.tensor2d(y), ctxOf(3)))(toT());
      return [r.value, ...r.grads];
    }),
  );
  close(value, ref, 1e-5, `${act}: value`);
  const err = relErr(grads, refGrad);
  assert.ok(err < 1e-4, `${act}: gradient of (1/n)Σ‖∇ₓ CE‖² (double backprop) error ${err}`);
}

test('inputGradNorm: value and gradient vs float64 finite differences, relu', () => checkInputGradNorm('relu'));
test('inputGradNorm: value and gradient vs float64 finite differences, tanh (second-order gradient fixes)', () => checkInputGradNorm('tanh'));

function env(arm: Record<string, unknown>, m: Mlp64): MethodEnv {
  const dataset = { task: 'classification', nFeatures: m.nIn, nClasses: m.nOut, featureNames: [], info: [] } as unknown as Dataset;
  const empty = tf.zeros([1, 1]) as tf.Tensor2D;
  return {
    config: {} as MethodEnv['config'], arm: { name: 'b', type: 'bloop', ...arm }, model: mlp(m), optimizer: createOptimizer({ type: 'sgd', lr: 0.1, weightDecay: 0 }),
    dataset, rng: new Rng(4), train: { x: empty, y: empty }, totalSteps: 10, stepsPerEpoch: 2,
  };
}

test('the method: objectives main and aux, direction over steps = float64 combination of their gradients, step values, no leaks', () => {
  const m: Mlp64 = { nIn: 3, nHidden: 4, nOut: 3, act: 'tanh' };
  for (const mode of ['bloop', 'pcgrad', 'sum'] as const) {
    const e = env({ aux: 'l2', mode, lambda: 0.5, ema: 0.3 }, m);
    const method = bloopMethod(e);
    let ema64: number[] | undefined;
    const counts: number[] = [];
    for (let s = 0; s < 4; s++) {
      const pv = [values(12, 800 + s), values(4, 810 + s), values(12, 820 + s), values(3, 830 + s)];
      const xv = Array.from({ length: 6 }, (_, i) => values(3, 900 + 10 * s + i));
      const yv = xv.map((_, i) => [0, 1, 2].map((c) => (c === (i + s) % 3 ? 1 : 0)));
      const { gMain, gAux, mainValue, auxValue, d } = tf.tidy(() => {
        const params = [tf.tensor2d(pv[0], [3, 4]), tf.tensor1d(pv[1]), tf.tensor2d(pv[2], [4, 3]), tf.tensor1d(pv[3])];
        const input = { x: tf.tensor2d(xv), y: tf.tensor2d(yv), ctx: ctxOf(3) };
        const [main, aux] = method.objectives(input);
        assert.deepEqual([main.name, aux.name], ['main', 'aux']);
        const r = method.direction({ params, ...input });
        const gAuxAll = tf.grads((...q: tf.Tensor[]) => aux.f(q))(params);
        return { gMain: tf.grads((...q: tf.Tensor[]) => main.f(q))(params), gAux: gAuxAll, mainValue: main.f(params), auxValue: aux.f(params), d: r.grads.concat([r.value]) };
      });
      const gm = take(gMain);
      const ga = [...pv[0].map((v) => 2 * v), ...pv[1].map(() => 0), ...pv[2].map((v) => 2 * v), ...pv[3].map(() => 0)];
      assert.ok(relErr(take(gAux), ga) < 1e-6, 'the exposed aux objective is differentiable in every parameter (zero for biases)');
      const ref = direction64(mode, gm, ga, ema64, 0.3, 0.5);
      ema64 = ref.ema;
      const got = take(d);
      const label = `${mode} step ${s}`;
      assert.ok(relErr(got.slice(0, -1), ref.d) < 1e-5, `${label}: direction`);
      const [mv, av] = take([mainValue, auxValue]);
      close(got[got.length - 1], mv, 1e-6, `${label}: the reported value is the main loss`);
      close(av, pv[0].concat(pv[2]).reduce((a, v) => a + v * v, 0), 1e-5, `${label}: l2 is Σ w² over weights`);
      const sv = method.stepValues?.() ?? {};
      close(sv['bloop/aux'], av, 1e-6, `${label}: bloop/aux`);
      close(sv['bloop/cosine'], ref.cosine, 1e-4, `${label}: bloop/cosine`);
      close(sv['bloop/removedNorm'], ref.removedNorm, 1e-4, `${label}: bloop/removedNorm`);
      counts.push(tf.memory().numTensors);
    }
    assert.ok(counts.every((c) => c === counts[0]), `${mode}: tensor count stable across steps: ${counts.join(', ')}`);
    const before = tf.memory().numTensors;
    method.dispose();
    assert.equal(before - tf.memory().numTensors, 4 + 3, `${mode}: dispose frees the EMA (4) and the kept scalars (3)`);
    tf.dispose([e.train.x]);
  }
});

test('through the trainer: spectralLipschitz arms in all modes run, record bloop/* values, and leak no tensors', async () => {
  const config = resolveConfig(
    tinyConfigObject({
      model: { type: 'mlp', hidden: [8, 8], activation: 'relu' },
      train: { epochs: 2, batchSize: 32, optimizer: { type: 'adam', lr: 0.01 } },
      losses: (['bloop', 'sum', 'pcgrad'] as const).map((mode) => ({ name: mode, type: 'bloop', mode, aux: 'spectralLipschitz', lambda: 0.5 })),
    }),
  );
  const records: MetricRecord[] = [];
  const before = tf.memory().numTensors;
  const results = await runJobs(config, config.losses.map((l) => ({ arm: l.name, seed: 1 })), { backend, onMetrics: (r) => records.push(...r) });
  assert.equal(tf.memory().numTensors, before);
  for (const r of results) assert.equal(r.status, 'completed', r.reason);
  for (const arm of ['bloop', 'sum', 'pcgrad']) {
    const train = records.filter((r) => r.arm === arm && r.kind === 'train');
    assert.ok(train.length > 0 && train.every((r) => ['bloop/aux', 'bloop/cosine', 'bloop/removedNorm'].every((k) => Number.isFinite(r.values[k]))), arm);
  }
  assert.ok(records.filter((r) => r.arm === 'sum' && r.kind === 'train').every((r) => r.values['bloop/removedNorm'] === 0));
});
