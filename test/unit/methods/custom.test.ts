import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { loadConfigFile, validateConfigText } from '../../../src/shared/config';
import type { ExperimentConfig } from '../../../src/shared/config/types';
import type { ArmResult, MetricRecord } from '../../../src/shared/metrics';
import { initBackend } from '../../../src/trainer/backend';
import { customMethod } from '../../../src/trainer/methods/custom';
import { runJobs } from '../../../src/trainer/run-jobs';
import { DIST, FIXTURES, resolveConfig } from '../../helpers/config';
import { ctxOf, methodEnv, mlpModel, params64, relErr, take, toTensors, values, type Mlp64 } from './lai-reference64';

const DIR = join(FIXTURES, 'custom-loss');

test.before(async () => {
  await initBackend('cpu');
});

/** A small regression config whose arms are `arms` (custom modules resolved against the fixture folder). */
function config(arms: Record<string, unknown>[]): ExperimentConfig {
  return resolveConfig(
    {
      name: 'custom',
      seed: 2,
      data: { dataset: 'sine', points: 80, noise: 0.1 },
      model: { type: 'mlp', hidden: [8], activation: 'tanh' },
      train: { epochs: 2, batchSize: 20, optimizer: { type: 'adam', lr: 0.01 } },
      metrics: { gradNorm: 'off' },
      losses: [{ name: 'mse', type: 'mse' }, ...arms],
    },
    join(DIR, 'inline.losslab.json'),
  );
}

async function run(cfg: ExperimentConfig, allowUserCode = true): Promise<{ results: Map<string, ArmResult>; records: MetricRecord[] }> {
  const records: MetricRecord[] = [];
  const list = await runJobs(cfg, cfg.losses.map((l) => ({ arm: l.name, seed: 2 })), { backend: 'cpu', allowUserCode, onMetrics: (r) => records.push(...r) });
  return { results: new Map(list.map((r) => [r.arm, r])), records };
}

function evalAt(records: MetricRecord[], arm: string, step: number): Record<string, number> {
  const r = records.find((x) => x.arm === arm && x.kind === 'eval' && x.step === step);
  assert.ok(r, `no evaluation of ${arm} at step ${step}`);
  return r.values;
}

test('JavaScript, ES-module and TypeScript modules train, and equal the built-in mse when they compute it', async () => {
  const cfg = config([
    { name: 'js', type: 'custom', module: 'mse.js' },
    { name: 'esm', type: 'custom', module: 'esm-mse.mjs' },
    { name: 'ts', type: 'custom', module: 'scaled-mse.ts', params: { scale: 1 } },
    { name: 'ts3', type: 'custom', module: 'scaled-mse.ts', params: { scale: 3 } },
  ]);
  assert.equal(cfg.losses[1].module, join(DIR, 'mse.js'), 'the module path is resolved against the config folder');
  const { results, records } = await run(cfg);
  for (const r of results.values()) assert.equal(r.status, 'completed', `${r.arm}: ${r.reason}`);
  const mse = results.get('mse')!.final;
  for (const arm of ['js', 'esm', 'ts']) {
    const f = results.get(arm)!.final;
    for (const k of ['val/loss', 'val/r2', 'test/rmse']) assert.ok(Math.abs(f[k] - mse[k]) < 1e-5 * Math.max(1, Math.abs(mse[k])), `${arm} ${k}: ${f[k]} vs ${mse[k]}`);
  }
  const start = evalAt(records, 'mse', 0)['val/loss'];
  assert.ok(Math.abs(evalAt(records, 'ts3', 0)['val/loss'] - 3 * start) < 1e-5 * start, 'context.params reaches the loss');
});

test('a module that throws crashes only its arm, with the user’s file and line in the reason', async () => {
  const { results } = await run(config([{ name: 'throws', type: 'custom', module: 'throws.js' }]));
  assert.equal(results.get('mse')!.status, 'completed');
  const r = results.get('throws')!;
  assert.equal(r.status, 'crashed');
  assert.match(r.reason ?? '', /custom loss 'throws' .* threw at step 2: deliberate failure in the user loss/);
  assert.ok((r.reason ?? '').includes(`${join(DIR, 'throws.js')}:7:`), r.reason);
});

test('wrong return values are reported as the arm’s crash reason', async () => {
  const cases: [string, RegExp][] = [
    ['wrongShape', /returned a tensor of shape \[(\d+), 1\]; expected a scalar \[\] or one value per sample \[\1\]/],
    ['notATensor', /must return a tf\.Tensor .* it returned number/],
    ['intTensor', /returned a int32 tensor; the loss must be float32/],
    ['nanOnFirstBatch', /returned (NaN|-?Infinity) on the first batch \(step 0\)/],
    ['constant', /could not be differentiated at step 0: the returned loss does not depend on the predictions/],
    ['missing', /has no function export 'missing'; its exports: wrongShape, notATensor, intTensor, nanOnFirstBatch, constant/],
  ];
  const { results } = await run(config(cases.map(([e]) => ({ name: e, type: 'custom', module: 'bad-returns.js', export: e }))));
  assert.equal(results.get('mse')!.status, 'completed');
  for (const [name, re] of cases) {
    const r = results.get(name)!;
    assert.equal(r.status, 'crashed', name);
    assert.match(r.reason ?? '', re, name);
  }
});

test('syntax errors name the file and line (ES module and TypeScript)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'losslab-custom-'));
  writeFileSync(join(dir, 'bad.ts'), "import * as tf from '@tensorflow/tfjs-core';\n\nexport const loss = (p: tf.Tensor2D) => tf.mean(p) +;\n");
  const { results } = await run(config([
    { name: 'mjs', type: 'custom', module: 'syntax-error.mjs' },
    { name: 'ts', type: 'custom', module: join(dir, 'bad.ts') },
  ]));
  assert.match(results.get('mjs')!.reason ?? '', new RegExp(`failed to load: syntax error in ${join(DIR, 'syntax-error.mjs')}:5:`));
  assert.match(results.get('ts')!.reason ?? '', new RegExp(`failed to load: syntax error in ${join(dir, 'bad.ts')}:3:`));
});

test('an untrusted workspace refuses user code with a clear message; other arms run', async () => {
  const { results } = await run(config([{ name: 'js', type: 'custom', module: 'mse.js' }]), false);
  assert.equal(results.get('mse')!.status, 'completed');
  assert.equal(results.get('js')!.status, 'crashed');
  assert.match(results.get('js')!.reason ?? '', /refusing to run user code because the workspace is not trusted/);
  const env = methodEnv({ name: 'js', type: 'custom', module: join(DIR, 'mse.js') }, mlpModel({ nIn: 1, nHidden: 2, nOut: 1, act: 'relu' }), { task: 'regression', nFeatures: 1, nClasses: 1 });
  assert.throws(() => customMethod(env), /not trusted/, 'allowUserCode unset means no');
});

/** Float32 central differences of the method's objective along each parameter component. */
function fdCheck(module: string): number {
  const m: Mlp64 = { nIn: 2, nHidden: 4, nOut: 1, act: 'tanh' };
  const env = { ...methodEnv({ name: 'c', type: 'custom', module: join(DIR, module) }, mlpModel(m), { task: 'regression', nFeatures: 2, nClasses: 1 }), allowUserCode: true };
  const method = customMethod(env);
  const p = params64(m, 3);
  const input = () => ({ x: tf.tensor2d(values(12, 5, 1.5), [6, 2]), y: tf.tensor2d(values(6, 6), [6, 1]), ctx: ctxOf('regression', 1) });
  const grads = take(tf.tidy(() => method.direction({ params: toTensors(p, m), ...input() }).grads));
  const f = (q: number[][]) => take(tf.tidy(() => method.objectives(input())[0].f(toTensors(q, m))))[0];
  const h = 1e-2;
  const fd: number[] = [];
  p.forEach((a, i) => a.forEach((_, j) => {
    const plus = p.map((b) => [...b]);
    const minus = p.map((b) => [...b]);
    plus[i][j] += h;
    minus[i][j] -= h;
    fd.push((f(plus) - f(minus)) / (2 * h));
  }));
  return relErr(grads, fd);
}

test('the deliberately broken loss has the right value but a gradient that finite differences reject', () => {
  assert.ok(fdCheck('mse.js') < 1e-2, `an honest loss passes (${fdCheck('mse.js')})`);
  const err = fdCheck('broken-gradient.js');
  assert.ok(err > 1, `the lying gradient is caught (relative error ${err})`);
});

test('config layer: the broken-gradient fixture validates; missing modules and wrong extensions are errors', () => {
  const broken = loadConfigFile(join(DIR, 'broken.losslab.json'));
  assert.ok(broken.config, broken.problems.map((p) => p.message).join('; '));
  assert.equal(broken.config.losses[1].module, join(DIR, 'broken-gradient.js'));
  const text = (module: string) => JSON.stringify({ name: 'x', data: { dataset: 'sine' }, model: { type: 'mlp', hidden: [4] }, losses: [{ type: 'custom', module }] });
  const missing = validateConfigText(text('nope.js'), join(DIR, 'x.losslab.json'), { fileExists: existsSync });
  assert.deepEqual(missing.problems.map((p) => [p.path, p.severity]), [['losses[0].module', 'error']]);
  assert.match(missing.problems[0].message, /custom loss module not found: .*nope\.js/);
  const ext = validateConfigText(text('loss.py'), join(DIR, 'x.losslab.json'));
  assert.match(ext.problems[0]?.message ?? '', /must be a JavaScript or TypeScript file/);
});

test('the bundled trainer maps @tensorflow/tfjs-core in user modules to its own copy (CLI run)', { skip: !existsSync(join(DIST, 'cli.js')) && 'dist/cli.js not built (run node esbuild.mjs)' }, () => {
  const out = mkdtempSync(join(tmpdir(), 'losslab-custom-run-'));
  const r = spawnSync(process.execPath, [join(DIST, 'cli.js'), 'run', join(DIR, 'custom.losslab.json'), '--out', out, '--quiet'], { encoding: 'utf8', timeout: 120_000 });
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { arms: ArmResult[] };
  const byArm = new Map(summary.arms.map((a) => [a.arm, a]));
  for (const arm of ['mse', 'js', 'ts']) assert.equal(byArm.get(arm)?.status, 'completed', `${arm}: ${byArm.get(arm)?.reason} ${r.stderr}`);
  assert.equal(byArm.get('throws')?.status, 'crashed');
  assert.ok((byArm.get('throws')?.reason ?? '').includes(`${join(DIR, 'throws.js')}:7:`), byArm.get('throws')?.reason);
});
