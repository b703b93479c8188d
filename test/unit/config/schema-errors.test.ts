import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateConfigText } from '../../../src/shared/config';
import { LOSSES, unknownNameMessage } from '../../../src/shared/names';
import { assertProblem, fixture } from './helpers';

const json = fixture('schema-errors.losslab.json');
const result = validateConfigText(json.text, json.file);
const problems = result.problems;
const t = json.text;

test('an invalid config has no resolved config, and problems come in text order', () => {
  assert.equal(result.config, undefined);
  const offsets = problems.map((p) => p.offset);
  assert.deepEqual(offsets, [...offsets].sort((a, b) => a - b));
  assert.ok(problems.every((p) => p.severity === 'error'));
});

test('every schema error is reported once (no oneOf noise)', () => {
  assert.deepEqual(problems.map((p) => p.path), [
    'repeats',
    'backend',
    'data.nosie',
    'model.activation',
    'train.epochs',
    'train.batchSize',
    'train.optimizer.lrr',
    'train.schedule.stepSize',
    'metrics.gradNorm',
    'losses[1].type',
    'losses[2].gamma',
  ]);
});

test('type and range errors point at the value', () => {
  assertProblem(problems, t, 'repeats', { needle: '0,' , length: 1 }, 'must be >= 1');
  assertProblem(problems, t, 'train.epochs', { needle: '"many"' }, 'must be an integer');
  assertProblem(problems, t, 'train.batchSize', { needle: '0,\n    "optimizer"', length: 1 }, 'must be >= 1');
});

test('an unknown loss names the valid losses, at the type value', () => {
  const p = assertProblem(problems, t, 'losses[1].type', { needle: '"msee"' }, /^unknown loss 'msee'; valid losses: mse, mae, huber, logcosh, bce, ce, focal, hinge, labelSmoothing(, \w+)*$/);
  assert.equal(p.message, unknownNameMessage('loss', 'msee', LOSSES));
});

test('unknown backend and activation list the valid names', () => {
  assertProblem(problems, t, 'backend', { needle: '"gpu"' }, "unknown backend 'gpu'; valid backends: auto, tensorflow, wasm, cpu");
  assertProblem(problems, t, 'model.activation', { needle: '"relux"' }, "unknown activation 'relux'; valid activations: relu, tanh, sigmoid, softplus, elu, gelu, leakyRelu");
});

test('other enums list the allowed values', () => {
  assertProblem(problems, t, 'metrics.gradNorm', { needle: '"all"' }, "must be one of: off, global, perLayer (got 'all')");
});

test('an unknown property is reported at its key with the valid keys of the chosen branch', () => {
  assertProblem(problems, t, 'train.optimizer.lrr', { needle: '"lrr"' }, "unknown property 'lrr' in train.optimizer; valid: type, lr, beta1, beta2, epsilon, weightDecay");
  assertProblem(problems, t, 'data.nosie', { needle: '"nosie"' }, "unknown property 'nosie' in data; valid: dataset, classes, pointsPerClass, turns, noise, split, standardize, scale");
});

test('a missing required property is reported at the object that lacks it', () => {
  const obj = '{ "type": "step", "gamma": 0.5 }';
  assertProblem(problems, t, 'train.schedule.stepSize', { needle: obj }, "missing required property 'stepSize' in train.schedule");
});

test('a bad parameter in a discriminated branch gives only that branch\'s error', () => {
  assertProblem(problems, t, 'losses[2].gamma', { needle: '-1', length: 2 }, 'must be >= 0');
  assert.equal(problems.filter((p) => p.path.startsWith('losses[2]')).length, 1);
});

test('missing top-level properties point at the root object', () => {
  const text = '{\n  "seed": 1\n}\n';
  const r = validateConfigText(text, 'x.losslab.json');
  assert.deepEqual(r.problems.map((p) => [p.path, p.message, p.line, p.column, p.offset, p.length]), [
    ['name', "missing required property 'name'", 1, 1, 0, text.trimEnd().length],
    ['data', "missing required property 'data'", 1, 1, 0, text.trimEnd().length],
    ['losses', "missing required property 'losses'", 1, 1, 0, text.trimEnd().length],
  ]);
});

test('a root that is not an object, an empty loss list, a batch size string other than "full"', () => {
  const arr = validateConfigText('[1, 2]', 'x.losslab.json').problems;
  assert.deepEqual(arr.map((p) => [p.path, p.message, p.line, p.column]), [['', 'must be an object', 1, 1]]);
  const text = '{"name": "x", "data": {"dataset": "iris"}, "train": {"batchSize": "ful"}, "losses": []}';
  const r = validateConfigText(text, 'x.losslab.json').problems;
  assertProblem(r, text, 'losses', { needle: '[]' }, 'must have at least 1 item');
  assertProblem(r, text, 'train.batchSize', { needle: '"ful"' }, "must be 'full'");
  assert.equal(r.length, 2);
});

test('unknown names in YAML: dataset, model, optimizer, schedule — each at its value', () => {
  const y = fixture('unknown-names.losslab.yaml');
  const r = validateConfigText(y.text, y.file).problems;
  assert.equal(r.length, 4, JSON.stringify(r));
  assertProblem(r, y.text, 'data.dataset', { needle: 'moon' }, /^unknown dataset 'moon'; valid datasets: spirals, moons, circles, blobs, xor, sine, friedman1, linearOutliers, digits, iris, wine, breastCancer, diabetes, csv$/);
  assertProblem(r, y.text, 'model.type', { needle: 'rnn' }, "unknown model 'rnn'; valid models: mlp, cnn");
  assertProblem(r, y.text, 'train.optimizer.type', { needle: 'adagrad' }, "unknown optimizer 'adagrad'; valid optimizers: sgd, momentum, adam, adamw, rmsprop");
  assertProblem(r, y.text, 'train.schedule.type', { needle: 'exponential' }, "unknown schedule 'exponential'; valid schedules: constant, step, cosine, linear");
});

test('a discriminator that is not a string is still an unknown name; a missing one is a missing property', () => {
  const text = '{"name": "x", "data": {"dataset": "iris"}, "losses": [{"type": 3}, {"name": "n"}]}';
  const r = validateConfigText(text, 'x.losslab.json').problems;
  assertProblem(r, text, 'losses[0].type', { needle: '3' }, /^unknown loss '3'; valid losses: mse,/);
  assertProblem(r, text, 'losses[1].type', { needle: '{"name": "n"}' }, "missing required property 'type' in losses[1]");
  assert.equal(r.length, 2);
});

test('a value of a oneOf (focal alpha: a number or an array) gets the errors of the branch its type chose, once', () => {
  const cases: [string, string, RegExp | string][] = [
    ['[]', 'losses[0].alpha', 'must have at least 2 items'],
    ['[0.2, -1]', 'losses[0].alpha[1]', 'must be >= 0'],
    ['[0.2, "a"]', 'losses[0].alpha[1]', 'must be a number'],
    ['"x"', 'losses[0].alpha', 'must be a number or an array'],
    ['1.5', 'losses[0].alpha', 'must be < 1'],
    ['[0.2, 0.3, 0.5]', 'losses[0].alpha', /^focal alpha has 3 weights, but dataset 'moons' has 2 classes/],
  ];
  for (const [alpha, path, message] of cases) {
    const text = `{"name": "x", "data": {"dataset": "moons"}, "losses": [{"name": "f", "type": "focal", "alpha": ${alpha}}]}`;
    const r = validateConfigText(text, 'x.losslab.json').problems;
    assert.equal(r.length, 1, `${alpha}: ${r.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
    assert.equal(r[0].path, path, alpha);
    if (typeof message === 'string') assert.equal(r[0].message, message, alpha);
    else assert.match(r[0].message, message, alpha);
  }
  const ok = `{"name": "x", "data": {"dataset": "moons"}, "losses": [{"name": "f", "type": "focal", "alpha": [0.3, 0.7]}]}`;
  assert.deepEqual(validateConfigText(ok, 'x.losslab.json').problems, []);
});
