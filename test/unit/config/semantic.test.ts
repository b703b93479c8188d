import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateConfigText } from '../../../src/shared/config';
import { assertProblem, fixture } from './helpers';

const f = fixture('semantic-errors.losslab.json');
const { config, problems } = validateConfigText(f.text, f.file);
const t = f.text;

test('the semantic fixture passes the schema but fails exactly the semantic rules', () => {
  assert.equal(config, undefined);
  assert.deepEqual(problems.map((p) => p.path), [
    'data.split',
    'model.type',
    'train.steps',
    'train.earlyStopping.metric',
    'losses[1].name',
    'losses[2].type',
    'losses[4].type',
  ]);
});

test('duplicate arm names: at the second name, or at the type when the name defaults to it', () => {
  assertProblem(problems, t, 'losses[1].name', { needle: '"a"', nth: 1 }, "duplicate arm name 'a' (also losses[0]); give each arm a unique name");
  assertProblem(problems, t, 'losses[4].type', { needle: '"mae"', nth: 1 }, "duplicate arm name 'mae' (also losses[3]); set 'name' to tell them apart");
});

test('epochs and steps together', () => {
  assertProblem(problems, t, 'train.steps', { needle: '100' }, 'set either train.epochs or train.steps, not both');
});

test('a classification loss on a regression dataset, at the arm\'s type', () => {
  assertProblem(problems, t, 'losses[2].type', { needle: '"focal"' }, "loss 'focal' needs class labels, but dataset 'sine' is a regression task; regression losses: mse, mae, huber, logcosh");
});

test('a cnn on a dataset that is not made of images, at model.type', () => {
  assertProblem(problems, t, 'model.type', { needle: '"cnn"' }, /^model 'cnn' needs an image dataset \(digits\); dataset 'sine' is not one/);
});

test('an early-stopping metric the task does not compute', () => {
  assertProblem(problems, t, 'train.earlyStopping.metric', { needle: '"val/accuracy"' }, /'val\/accuracy' is not computed on dataset 'sine' \(a regression task\); valid: val\/loss, val\/r2, val\/rmse$/);
});

test('train + val fractions above 1', () => {
  assertProblem(problems, t, 'data.split', { needle: '{ "train": 0.8, "val": 0.3 }' }, /split\.train \+ split\.val must be at most 1/);
});

test('train + val = 1 (no test split) is allowed; regression losses on classification data are allowed', () => {
  const text = JSON.stringify({ name: 'x', data: { dataset: 'iris', split: { train: 0.85, val: 0.15 } }, losses: [{ type: 'mse' }, { type: 'ce' }] });
  assert.deepEqual(validateConfigText(text, 'x.losslab.json').problems, []);
});

test('the csv task decides which losses fit (YAML positions)', () => {
  const y = fixture('csv-regression-ce.losslab.yaml');
  const r = validateConfigText(y.text, y.file).problems;
  assert.equal(r.length, 1, JSON.stringify(r));
  assertProblem(r, y.text, 'losses[1].type', { needle: 'ce\n', nth: 1, length: 2 }, /^loss 'ce' needs class labels, but the csv dataset is a regression task/);
  const unknownTask = y.text.replace(', task: regression', '');
  assert.deepEqual(validateConfigText(unknownTask, y.file).problems, []);
});

test('classification early-stopping metrics on a classification dataset, regression ones rejected', () => {
  const text = JSON.stringify({ name: 'x', data: { dataset: 'wine' }, train: { earlyStopping: { metric: 'val/r2' } }, losses: [{ type: 'ce' }] });
  const r = validateConfigText(text, 'x.losslab.json').problems;
  assertProblem(r, text, 'train.earlyStopping.metric', { needle: '"val/r2"' }, /valid: val\/loss, val\/accuracy$/);
});

test('the pure function checks a csv path only when given fileExists', () => {
  const m = fixture('csv-missing.losslab.json');
  assert.deepEqual(validateConfigText(m.text, m.file).problems, []);
  const seen: string[] = [];
  const r = validateConfigText(m.text, '/cfg/dir/exp.losslab.json', { fileExists: (p) => (seen.push(p), false) });
  assert.deepEqual(seen, ['/cfg/dir/data/nowhere.csv']);
  assertProblem(r.problems, m.text, 'data.path', { needle: '"data/nowhere.csv"' }, 'CSV file not found: /cfg/dir/data/nowhere.csv');
  assert.ok(validateConfigText(m.text, '/cfg/dir/exp.losslab.json', { fileExists: () => true }).config);
});

test('focal alpha: one number, or one weight per class of the dataset (checked when the class count is known)', () => {
  const cfg = (alpha: unknown, data: unknown = { dataset: 'spirals', classes: 3 }) =>
    JSON.stringify({ name: 'x', data, model: { type: 'mlp', hidden: [4] }, train: { epochs: 1 }, losses: [{ name: 'f', type: 'focal', alpha }] }, null, 2);
  const ok = (alpha: unknown, data?: unknown) => validateConfigText(cfg(alpha, data), 'x.losslab.json').problems.filter((p) => p.severity === 'error');
  assert.deepEqual(ok(0.25), []);
  assert.deepEqual(ok([1, 2, 0.5]), [], 'three weights for three classes');
  const wrong = ok([1, 2]);
  assert.equal(wrong.length, 1);
  assert.equal(wrong[0].path, 'losses[0].alpha');
  assert.match(wrong[0].message, /focal alpha has 2 weights, but dataset 'spirals' has 3 classes/);
  assert.ok(ok(1.5).some((p) => p.path === 'losses[0].alpha'), 'a single α stays in (0, 1)');
  assert.ok(ok([1, -1, 2]).some((p) => p.path.startsWith('losses[0].alpha')), 'weights are ≥ 0');
  // CSV: the class count is known only when the data load; the trainer checks it then.
  assert.deepEqual(ok([1, 2], { dataset: 'csv', path: 'd.csv', target: 'y', task: 'classification' }).filter((p) => p.path.includes('alpha')), []);
});
