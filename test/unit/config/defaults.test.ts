import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { validateConfigText, type ExperimentConfig } from '../../../src/shared/config';
import { fixture } from './helpers';

const FILE = '/experiments/demo.losslab.json';

function resolved(obj: Record<string, unknown>, fileName = FILE): ExperimentConfig {
  const { config, problems } = validateConfigText(JSON.stringify(obj, null, 2), fileName);
  assert.deepEqual(problems, []);
  assert.ok(config);
  return config;
}

const base = { name: 'x', data: { dataset: 'moons' }, losses: [{ type: 'ce' }] };

test('a minimal config gets every default', () => {
  const { file, text } = fixture('minimal.losslab.json');
  const { config, problems } = validateConfigText(text, file);
  assert.deepEqual(problems, []);
  assert.deepEqual(config, {
    name: 'minimal',
    seed: 0,
    repeats: 1,
    backend: 'auto',
    checkpoints: { final: true },
    data: { dataset: 'moons', points: 400, noise: 0.1, split: { train: 0.7, val: 0.15 }, standardize: true },
    model: { type: 'mlp', hidden: [64, 64], activation: 'relu', init: 'auto' },
    train: {
      epochs: 20,
      batchSize: 32,
      optimizer: { type: 'adam', lr: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 },
      schedule: { type: 'constant', warmupSteps: 0 },
      stepTimeout: 120,
    },
    metrics: { trainEvery: 1, gradNorm: 'perLayer' },
    losses: [{ name: 'ce', type: 'ce' }],
  });
});

test('dataset parameters default to the data contract', () => {
  const expected: Record<string, Record<string, unknown>> = {
    spirals: { classes: 3, pointsPerClass: 100, turns: 1, noise: 0.2 },
    moons: { points: 400, noise: 0.1 },
    circles: { points: 400, noise: 0.05, factor: 0.5 },
    blobs: { classes: 3, points: 300, features: 2, spread: 1.0 },
    xor: { points: 400, noise: 0.1 },
    sine: { points: 400, noise: 0.1, periods: 2 },
    friedman1: { points: 500, features: 10, noise: 1.0 },
    linearOutliers: { points: 400, features: 1, noise: 0.1, outlierFraction: 0.1, outlierScale: 10 },
    digits: {},
    iris: {},
    wine: {},
    breastCancer: {},
    diabetes: {},
  };
  for (const [dataset, params] of Object.entries(expected)) {
    const config = resolved({ ...base, data: { dataset }, losses: [{ type: 'mse' }] });
    assert.deepEqual(config.data, { dataset, ...params, split: { train: 0.7, val: 0.15 }, standardize: true }, dataset);
  }
});

test('a csv path becomes absolute against the config folder; other csv fields are kept', () => {
  const config = resolved({ ...base, data: { dataset: 'csv', path: 'data/points.csv', target: 'y', features: ['a', 'b'] } });
  assert.deepEqual(config.data, {
    dataset: 'csv',
    path: join(dirname(FILE), 'data', 'points.csv'),
    target: 'y',
    features: ['a', 'b'],
    dropInvalidRows: false,
    split: { train: 0.7, val: 0.15 },
    standardize: true,
  });
  const abs = resolved({ ...base, data: { dataset: 'csv', path: '/srv/d.csv', target: 'y', task: 'classification' } });
  assert.equal((abs.data as { path: string }).path, '/srv/d.csv');
  assert.equal((abs.data as { task: string }).task, 'classification');
});

test('optimizer defaults depend on the type', () => {
  const expected: Record<string, Record<string, unknown>> = {
    sgd: { lr: 0.01, weightDecay: 0 },
    momentum: { lr: 0.01, momentum: 0.9, nesterov: false, weightDecay: 0 },
    adam: { lr: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 },
    adamw: { lr: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.01 },
    rmsprop: { lr: 0.001, decay: 0.9, momentum: 0, epsilon: 1e-8, weightDecay: 0 },
  };
  for (const [type, params] of Object.entries(expected)) {
    const config = resolved({ ...base, train: { optimizer: { type } } });
    assert.deepEqual(config.train.optimizer, { type, ...params }, type);
  }
  assert.equal(resolved({ ...base, train: { optimizer: { type: 'sgd', lr: 0.5 } } }).train.optimizer.lr, 0.5);
});

test('schedule defaults depend on the type', () => {
  const cases: [Record<string, unknown>, Record<string, unknown>][] = [
    [{ type: 'constant' }, { type: 'constant', warmupSteps: 0 }],
    [{ type: 'step', stepSize: 10 }, { type: 'step', stepSize: 10, gamma: 0.1, warmupSteps: 0 }],
    [{ type: 'cosine' }, { type: 'cosine', minLr: 0, warmupSteps: 0 }],
    [{ type: 'linear', warmupSteps: 5 }, { type: 'linear', endLr: 0, warmupSteps: 5 }],
  ];
  for (const [schedule, want] of cases) assert.deepEqual(resolved({ ...base, train: { schedule } }).train.schedule, want);
});

test('loss parameters get their defaults; optional ones stay unset', () => {
  const config = resolved({
    ...base,
    losses: [{ type: 'huber' }, { type: 'focal' }, { type: 'hinge' }, { type: 'labelSmoothing' }, { type: 'mse' }, { name: 'f', type: 'focal', alpha: 0.25 }],
  });
  assert.deepEqual(config.losses, [
    { name: 'huber', type: 'huber', delta: 1 },
    { name: 'focal', type: 'focal', gamma: 2 },
    { name: 'hinge', type: 'hinge', margin: 1 },
    { name: 'labelSmoothing', type: 'labelSmoothing', smoothing: 0.1 },
    { name: 'mse', type: 'mse' },
    { name: 'f', type: 'focal', gamma: 2, alpha: 0.25 },
  ]);
});

test('cnn model defaults', () => {
  const config = resolved({ ...base, data: { dataset: 'digits' }, model: { type: 'cnn', activation: 'gelu' } });
  assert.deepEqual(config.model, { type: 'cnn', channels: [8, 16], kernelSize: 3, dense: [], activation: 'gelu', init: 'auto' });
});

test('training length: steps alone, epochs alone, neither = 20 epochs; evalEvery stays unset unless given', () => {
  const steps = resolved({ ...base, train: { steps: 500, evalEvery: 50, batchSize: 'full' } }).train;
  assert.equal(steps.steps, 500);
  assert.equal(steps.epochs, undefined);
  assert.equal(steps.evalEvery, 50);
  assert.equal(steps.batchSize, 'full');
  const epochs = resolved({ ...base, train: { epochs: 3 } }).train;
  assert.deepEqual([epochs.epochs, epochs.steps, epochs.evalEvery], [3, undefined, undefined]);
  assert.equal(resolved(base).train.epochs, 20);
});

test('early stopping: defaults, and the mode follows the metric', () => {
  assert.deepEqual(resolved({ ...base, train: { earlyStopping: {} } }).train.earlyStopping, { metric: 'val/loss', mode: 'min', patience: 5, minDelta: 0 });
  assert.equal(resolved({ ...base, train: { earlyStopping: { metric: 'val/accuracy' } } }).train.earlyStopping?.mode, 'max');
  assert.equal(resolved({ ...base, train: { earlyStopping: { metric: 'val/accuracy', mode: 'min' } } }).train.earlyStopping?.mode, 'min');
  const sine = { ...base, data: { dataset: 'sine' }, losses: [{ type: 'mse' }] };
  assert.equal(resolved({ ...sine, train: { earlyStopping: { metric: 'val/r2' } } }).train.earlyStopping?.mode, 'max');
  assert.equal(resolved({ ...sine, train: { earlyStopping: { metric: 'val/rmse' } } }).train.earlyStopping?.mode, 'min');
  assert.equal(resolved(base).train.earlyStopping, undefined);
});

test('each call returns a fresh object', () => {
  const text = JSON.stringify(base);
  const a = validateConfigText(text, FILE).config;
  assert.ok(a);
  a.losses[0].name = 'changed';
  (a.data.split as { train: number }).train = 0.1;
  const b = validateConfigText(text, FILE).config;
  assert.equal(b?.losses[0].name, 'ce');
  assert.equal((b?.data.split as { train: number } | undefined)?.train, 0.7);
});

test('YAML and JSON with the same content resolve to the same config', () => {
  const yaml = fixture('tiny.losslab.yaml');
  const fromYaml = validateConfigText(yaml.text, yaml.file);
  assert.deepEqual(fromYaml.problems, []);
  const json = {
    name: 'tiny-yaml',
    seed: 3,
    data: { dataset: 'moons', points: 160 },
    model: { type: 'mlp', hidden: [8], activation: 'tanh' },
    train: { epochs: 2, optimizer: { type: 'sgd' } },
    losses: [{ name: 'ce', type: 'ce' }, { name: 'huber', type: 'huber', delta: 0.5 }],
  };
  assert.deepEqual(fromYaml.config, resolved(json));
  assert.equal(fromYaml.config?.train.optimizer.lr, 0.01);
});
