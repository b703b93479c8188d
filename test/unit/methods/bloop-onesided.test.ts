// One-sided PCGrad (the Bloop reference's baseline): only the auxiliary gradient is projected, onto
// the normal plane of the main gradient, and only when they conflict.
import '../../../src/trainer/tfjs-gradients';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/trainer/backend';
import { bloopDirection } from '../../../src/trainer/methods/bloop-direction';
import { Rng } from '../../../src/shared/rng';
import { resolveConfig, tinyConfigObject } from '../../helpers/config';
import { runJobs } from '../../../src/trainer/run-jobs';
import { direction64, relErr } from './bloop-reference64';

const backend = process.env.LOSSLAB_TEST_BACKEND ?? 'cpu';

test.before(async () => {
  await initBackend(backend);
});

const values = (n: number, seed: number): number[] => {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => Math.fround(rng.uniform(-1, 1)));
};

const take = (ts: tf.Tensor[]): number[] => {
  const out = ts.flatMap((t) => Array.from(t.dataSync()));
  tf.dispose(ts);
  return out;
};

test('by hand: g_main = (1, 0), g_aux = (−1, 1), λ = 1 → g_main + (g_aux − ⟨g_main, g_aux⟩/‖g_main‖² g_main) = (1, 1); no conflict → the sum', () => {
  const d = take(tf.tidy(() => bloopDirection('pcgrad-onesided', [tf.tensor1d([1, 0])], [tf.tensor1d([-1, 1])], undefined, 0.1, 1).direction));
  assert.ok(Math.abs(d[0] - 1) < 1e-6 && Math.abs(d[1] - 1) < 1e-6, String(d));
  const free = take(tf.tidy(() => bloopDirection('pcgrad-onesided', [tf.tensor1d([1, 0])], [tf.tensor1d([1, 1])], undefined, 0.1, 0.5).direction));
  assert.deepEqual(free, [1.5, 0.5]);
});

test('over 5 steps vs float64, as one flat vector over two tensors; the projected aux is orthogonal to g_main', () => {
  for (const lambda of [0.1, 2]) {
    for (let s = 0; s < 5; s++) {
      const gm = values(10, 300 + s);
      const ga = values(10, 400 + s).map((v, i) => v - (s % 2 === 0 ? 0.6 : -0.6) * gm[i]);
      const ref = direction64('pcgrad-onesided', gm, ga, undefined, 0.1, lambda);
      const got = take(tf.tidy(() => {
        const split = (v: number[]) => [tf.tensor2d(v.slice(0, 6), [2, 3]), tf.tensor1d(v.slice(6))];
        const r = bloopDirection('pcgrad-onesided', split(gm), split(ga), undefined, 0.1, lambda);
        return [...r.direction, r.removedNorm];
      }));
      assert.ok(relErr(got.slice(0, -1), ref.d) < 1e-5, `λ ${lambda} step ${s}: direction`);
      assert.ok(Math.abs(got[got.length - 1] - ref.removedNorm) < 1e-5 * Math.max(1, ref.removedNorm), `λ ${lambda} step ${s}: removed norm`);
      const auxPart = ref.d.map((d, i) => (d - gm[i]) / lambda);
      const conflict = gm.reduce((a, v, i) => a + v * ga[i], 0) < 0;
      const along = auxPart.reduce((a, v, i) => a + v * gm[i], 0);
      if (conflict) assert.ok(Math.abs(along) < 1e-6, `λ ${lambda} step ${s}: projected aux ⟂ g_main`);
      else assert.ok(relErr(auxPart, ga) < 1e-9, `λ ${lambda} step ${s}: no conflict, aux untouched`);
    }
  }
});

test('an arm with mode pcgrad-onesided trains', async () => {
  const config = resolveConfig(tinyConfigObject({ losses: [{ name: 'one', type: 'bloop', mode: 'pcgrad-onesided', aux: 'spectralLipschitz', lambda: 0.5 }] }));
  const [r] = await runJobs(config, [{ arm: 'one', seed: 3 }], { backend });
  assert.equal(r.status, 'completed');
  assert.ok(Number.isFinite(r.final['bloop/removedNorm']));
});
