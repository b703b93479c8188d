// Each init scheme's moments (mean, variance, range) against its definition over a 512×512 layer, and
// the default unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateConfigText } from '../../../src/shared/config';
import type { MlpConfig } from '../../../src/shared/config/types';
import { Rng } from '../../../src/shared/rng';
import { buildModel } from '../../../src/trainer/models';
import { glorotUniform, heNormal, initBias, initParams, initWeight, resolveInit, type WeightScheme } from '../../../src/trainer/models/init';

const FAN = 512;
const SHAPE = [FAN, FAN];

function moments(v: Float32Array): { mean: number; variance: number; absMax: number } {
  let s = 0;
  let absMax = 0;
  for (const x of v) {
    s += x;
    absMax = Math.max(absMax, Math.abs(x));
  }
  const mean = s / v.length;
  let ss = 0;
  for (const x of v) ss += (x - mean) ** 2;
  return { mean, variance: ss / v.length, absMax };
}

/** Variance of N(0, 1) truncated at ±2: 1 − 4φ(2) / (Φ(2) − Φ(−2)). */
const TRUNCATED_VARIANCE = 1 - (4 * Math.exp(-2)) / Math.sqrt(2 * Math.PI) / 0.9544997361036416;

type Expect = { variance: number; bound?: number; normal?: boolean };
const b = (bound: number): Expect => ({ variance: (bound * bound) / 3, bound });
const n = (variance: number): Expect => ({ variance, normal: true });

const SCHEMES: [WeightScheme, Expect][] = [
  ['pytorch', b(1 / Math.sqrt(FAN))],
  ['glorotUniform', b(Math.sqrt(6 / (2 * FAN)))],
  ['glorotNormal', n(2 / (2 * FAN))],
  ['heUniform', b(Math.sqrt(6 / FAN))],
  ['heNormal', n(2 / FAN)],
  ['lecunUniform', b(Math.sqrt(3 / FAN))],
  ['lecunNormal', n(1 / FAN)],
  [{ type: 'truncatedNormal', std: 0.02 }, { variance: 0.0004 * TRUNCATED_VARIANCE, bound: 0.04 }],
];

function checkMoments(label: string, v: Float32Array, e: Expect): void {
  const m = moments(v);
  const std = Math.sqrt(e.variance);
  assert.ok(Math.abs(m.mean) < (5 * std) / Math.sqrt(v.length), `${label}: mean ${m.mean}`);
  assert.ok(Math.abs(m.variance / e.variance - 1) < 0.02, `${label}: variance ${m.variance} vs ${e.variance}`);
  if (e.bound !== undefined) {
    assert.ok(m.absMax <= e.bound * (1 + 1e-6), `${label}: |w| ${m.absMax} within ${e.bound}`);
    assert.ok(m.absMax > e.bound * 0.99, `${label}: the range reaches its bound (${m.absMax} of ${e.bound})`);
  }
  if (e.normal) assert.ok(m.absMax > 3.5 * std, `${label}: normal tails reach past 3.5σ (${m.absMax / std}σ)`);
}

test('every weight scheme matches its definition over a 512×512 layer', () => {
  for (const [scheme, e] of SCHEMES) checkMoments(JSON.stringify(scheme), initWeight(new Rng(3), SHAPE, scheme), e);
});

test('bias schemes: zero, pytorch U(±1/√fan_in of the layer), normal(σ)', () => {
  const specs = [
    { name: 'dense0.weight', layer: 'dense0', shape: [FAN, FAN * 64], kind: 'weight' as const },
    { name: 'dense0.bias', layer: 'dense0', shape: [FAN * 64], kind: 'bias' as const },
  ];
  const zero = initParams(specs, { weights: 'pytorch', bias: 'zero' }, new Rng(1))[1];
  assert.ok(zero.every((v) => v === 0));
  checkMoments('pytorch bias', initParams(specs, { weights: 'pytorch', bias: 'pytorch' }, new Rng(1))[1], b(1 / Math.sqrt(FAN)));
  checkMoments('normal bias', initBias(new Rng(2), FAN * 64, FAN, { type: 'normal', std: 0.1 }), n(0.01));
});

test('aliases and names resolve; the default draws are unchanged (He normal or Glorot uniform per layer fork, zero biases)', () => {
  assert.deepEqual(resolveInit('auto', 'relu'), { weights: 'heNormal', bias: 'zero' });
  assert.deepEqual(resolveInit('auto', 'tanh'), { weights: 'glorotUniform', bias: 'zero' });
  assert.deepEqual(resolveInit({ weights: 'kaimingUniform', bias: 'pytorch' }, 'relu'), { weights: 'heUniform', bias: 'pytorch' });
  assert.deepEqual(resolveInit({ weights: 'xavierNormal', bias: 'zero' }, 'relu'), { weights: 'glorotNormal', bias: 'zero' });
  assert.throws(() => resolveInit({ weights: 'orthogonal' as never, bias: 'zero' }, 'relu'), /unknown init 'orthogonal'; valid inits: auto, he, glorot, pytorch/);
  const cfg = (init: MlpConfig['init'], activation: MlpConfig['activation']): MlpConfig => ({ type: 'mlp', hidden: [16], activation, init });
  const relu = buildModel(cfg('auto', 'relu'), { nFeatures: 4, nOutputs: 3 }).init(new Rng(9));
  const rng = new Rng(9);
  assert.deepEqual(relu[0], heNormal(rng.fork('dense0.weight'), [4, 16]));
  assert.deepEqual(relu[2], heNormal(rng.fork('out.weight'), [16, 3]));
  assert.ok(relu[1].every((v) => v === 0) && relu[3].every((v) => v === 0));
  const tanh = buildModel(cfg('auto', 'tanh'), { nFeatures: 4, nOutputs: 3 }).init(new Rng(9));
  assert.deepEqual(tanh[0], glorotUniform(rng.fork('dense0.weight'), [4, 16]));
  const explicit = buildModel(cfg({ weights: 'auto', bias: 'zero' }, 'relu'), { nFeatures: 4, nOutputs: 3 }).init(new Rng(9));
  assert.deepEqual(explicit, relu);
});

test('config: init objects validate and resolve with defaults; bad schemes are rejected at the field', () => {
  const text = (init: unknown) => JSON.stringify({ name: 'x', data: { dataset: 'moons' }, model: { type: 'mlp', init }, losses: [{ type: 'ce' }] });
  const ok = validateConfigText(text({ bias: 'pytorch' }), '/x/a.losslab.json');
  assert.deepEqual(ok.problems, []);
  assert.deepEqual((ok.config?.model as MlpConfig).init, { weights: 'auto', bias: 'pytorch' });
  const trunc = validateConfigText(text({ weights: { type: 'truncatedNormal', std: 0.02 }, bias: { type: 'normal', std: 0.01 } }), '/x/a.losslab.json');
  assert.deepEqual(trunc.problems, []);
  assert.deepEqual(validateConfigText(text('auto'), '/x/a.losslab.json').config?.model, { type: 'mlp', hidden: [64, 64], activation: 'relu', init: 'auto' });
  const bad = validateConfigText(text({ weights: 'orthogonal' }), '/x/a.losslab.json').problems;
  assert.deepEqual(bad.map((p) => p.path), ['model.init.weights']);
  assert.match(bad[0].message, /must be one of: auto, pytorch, glorotUniform/);
  const noStd = validateConfigText(text({ weights: { type: 'truncatedNormal' } }), '/x/a.losslab.json').problems;
  assert.deepEqual(noStd.map((p) => p.path), ['model.init.weights.std']);
});
