/** Sweep checks the schema cannot express, each at the offending field (positions counted in the text). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateConfigText } from '../../../src/shared/config';
import { assertProblem, problemAt } from './helpers';

const FILE = '/tmp/sweep-checks.losslab.json';

/** A small valid config with a bloop arm (float `lambda`) and a dynamical arm (integer `period`) around `sweep`. */
function configText(sweep: string, data = '{ "dataset": "moons", "points": 160 }', losses = ''): string {
  return `{
  "name": "t",
  "seed": 3,
  "data": ${data},
  "model": { "type": "mlp", "hidden": [8], "activation": "tanh" },
  "train": { "epochs": 3, "batchSize": 32, "optimizer": { "type": "adam", "lr": 0.01 } },
  "losses": ${losses || '[{ "name": "sum", "type": "bloop", "aux": "l2", "mode": "sum", "lambda": 1 }, { "name": "dyn", "type": "dynamical", "period": 10 }, { "name": "ce", "type": "ce" }]'},
  "sweep": ${sweep}
}`;
}

function check(sweep: string, data?: string, losses?: string) {
  const text = configText(sweep, data, losses);
  return { text, ...validateConfigText(text, FILE) };
}

test('a random range needs from < to: the error is at random.from', () => {
  const r = check('{ "samples": 4, "parameters": { "lambda": { "random": { "from": 0.75, "to": 0.25 } } } }');
  assert.equal(r.config, undefined);
  assert.equal(r.problems.length, 1, JSON.stringify(r.problems));
  assertProblem(r.problems, r.text, 'sweep.parameters.lambda.random.from', { needle: '0.75' }, 'from must be < to (got from 0.75, to 0.25)');
  const eq = check('{ "samples": 4, "parameters": { "lambda": { "random": { "from": 0.5, "to": 0.5 } } } }');
  assertProblem(eq.problems, eq.text, 'sweep.parameters.lambda.random.from', { needle: '0.5' }, 'from must be < to (got from 0.5, to 0.5); use values: [0.5] for a single value');
});

test('grid and logGrid with from = to (all values equal) are errors at .to; a descending grid is fine', () => {
  const g = check('{ "parameters": { "lambda": { "grid": { "from": 0.5, "to": 0.5, "count": 3 } } } }');
  assertProblem(g.problems, g.text, 'sweep.parameters.lambda.grid.to', { needle: '0.5', nth: 1 }, 'from and to are both 0.5: the 3 values would all be equal; use values: [0.5] for a single value');
  const lg = check('{ "parameters": { "lambda": { "logGrid": { "from": 0.5, "to": 0.5, "count": 2 } } } }');
  assertProblem(lg.problems, lg.text, 'sweep.parameters.lambda.logGrid.to', { needle: '0.5', nth: 1 }, /^from and to are both 0\.5: the 2 values/);
  const desc = check('{ "parameters": { "lambda": { "grid": { "from": 1, "to": 0, "count": 3 } } } }');
  assert.deepEqual(desc.problems, []);
  assert.ok(desc.config);
});

test('logarithmic ranges need from and to > 0: the error is at the bound that is not', () => {
  const lg = check('{ "parameters": { "lambda": { "logGrid": { "from": -0.5, "to": 2, "count": 3 } } } }');
  assertProblem(lg.problems, lg.text, 'sweep.parameters.lambda.logGrid.from', { needle: '-0.5' }, 'logGrid needs from and to > 0 (got -0.5 … 2); use grid for ranges through zero');
  const zero = check('{ "parameters": { "lambda": { "logGrid": { "from": 0.25, "to": 0, "count": 3 } } } }');
  assertProblem(zero.problems, zero.text, 'sweep.parameters.lambda.logGrid.to', { needle: '0, "count"', length: 1 }, /^logGrid needs from and to > 0 \(got 0\.25 … 0\)/);
  const lr = check('{ "samples": 4, "parameters": { "lambda": { "random": { "from": 0.25, "to": -3, "log": true } } } }');
  assertProblem(lr.problems, lr.text, 'sweep.parameters.lambda.random.to', { needle: '-3' }, 'a log-uniform range needs from and to > 0 (got 0.25 … -3)');
});

test('duplicate listed values are an error at the list', () => {
  const r = check('{ "parameters": { "lambda": { "values": [0.3, 0.7, 0.3] } } }');
  assert.equal(r.problems.length, 1, JSON.stringify(r.problems));
  assertProblem(r.problems, r.text, 'sweep.parameters.lambda.values', { needle: '[0.3, 0.7, 0.3]' }, 'duplicate value 0.3 (items 0 and 2): each value is one trial, list it once');
});

test('samples without a random parameter is a warning at samples; a random parameter without samples is an error', () => {
  const w = check('{ "samples": 13, "parameters": { "lambda": { "values": [0.3, 0.7] } } }');
  assert.ok(w.config, 'a warning does not stop the run');
  assertProblem(w.problems, w.text, 'sweep.samples', { needle: '13' }, 'samples only counts the draws of random parameters, and no parameter is random: it is ignored', 'warning');
  const e = check('{ "parameters": { "lambda": { "random": { "from": 0.1, "to": 0.9 } } } }');
  assert.equal(e.config, undefined);
  assertProblem(e.problems, e.text, 'sweep.parameters.lambda.random', { needle: '{ "from": 0.1, "to": 0.9 }' }, "'lambda' is random: set sweep.samples, the number of draws");
  const ok = check('{ "samples": 3, "parameters": { "lambda": { "random": { "from": 0.1, "to": 0.9 } } } }');
  assert.deepEqual(ok.problems, []);
});

test('integer fields cannot be random: the error names the field, a non-integer draw and (for an arm field) the arm', () => {
  const hidden = check('{ "samples": 4, "parameters": { "model.hidden.0": { "random": { "from": 4, "to": 32 } } } }');
  assertProblem(
    hidden.problems,
    hidden.text,
    'sweep.parameters["model.hidden.0"].random',
    { needle: '{ "from": 4, "to": 32 }' },
    // The midpoint 18 is an integer, so the example draw is the next probe, 4 + 28·0.382.
    'model.hidden.0 is an integer field in the config, but random draws are not integers (e.g. model.hidden.0 = 14.7); sweep it with values or a grid of integers',
  );
  const period = check('{ "samples": 4, "parameters": { "period": { "random": { "from": 2, "to": 20, "log": true } } } }');
  const p = problemAt(period.problems, 'sweep.parameters.period.random');
  assert.match(p.message, /^period is an integer field in arm 'dyn', but random draws are not integers \(e\.g\. period = \d+\.\d+\)/);
  // Float fields may be random.
  assert.deepEqual(check('{ "samples": 4, "parameters": { "train.optimizer.lr": { "random": { "from": 0.001, "to": 0.1, "log": true } } } }').problems, []);
});

test('integer fields need integer grid or listed values: the error names the field and the first non-integer value', () => {
  const grid = check('{ "parameters": { "train.epochs": { "grid": { "from": 2, "to": 12, "count": 4 } } } }');
  assertProblem(
    grid.problems,
    grid.text,
    'sweep.parameters["train.epochs"]',
    { needle: '{ "grid": { "from": 2, "to": 12, "count": 4 } }' },
    'train.epochs = 5.33333333333 (sweep value) is not valid in the config: train.epochs is an integer field; choose from, to and count so that every grid value is an integer, or list the values',
  );
  const listed = check('{ "parameters": { "model.hidden.0": { "values": [4, 8.5] } } }');
  assertProblem(listed.problems, listed.text, 'sweep.parameters["model.hidden.0"]', { needle: '{ "values": [4, 8.5] }' }, 'model.hidden.0 = 8.5 (sweep value) is not valid in the config: model.hidden.0 is an integer field; list integers');
  const log = check('{ "parameters": { "period": { "logGrid": { "from": 2, "to": 16, "count": 3 } } } }');
  assert.match(problemAt(log.problems, 'sweep.parameters.period').message, /^period = 5\.65685424949 \(sweep value\) is not valid in arm 'dyn': period is an integer field/);
  // Integer grids are fine: 2, 5, 8, 11 and 2, 4, 8, 16.
  assert.deepEqual(check('{ "parameters": { "train.epochs": { "grid": { "from": 2, "to": 11, "count": 4 } } } }').problems, []);
  assert.deepEqual(check('{ "parameters": { "period": { "logGrid": { "from": 2, "to": 16, "count": 4 } } } }').problems, []);
});

const CSV = '{ "dataset": "csv", "path": "data.csv", "target": "y" }';
const MSE = '[{ "name": "mse", "type": "mse" }]';

test('csv data without data.task and no sweep.objective: a warning at sweep.objective (the default objective assumes classification)', () => {
  const r = check('{ "parameters": { "train.optimizer.lr": { "values": [0.1, 0.01] } } }', CSV, MSE);
  assert.ok(r.config);
  assert.deepEqual(r.config.sweep?.objective, { metric: 'val/accuracy', mode: 'max' });
  assertProblem(
    r.problems,
    r.text,
    'sweep.objective',
    { needle: '{ "parameters": { "train.optimizer.lr": { "values": [0.1, 0.01] } } }' },
    /^sweep\.objective is not set, so trials are ranked by val\/accuracy .* Set data\.task .* or sweep\.objective\.metric$/,
    'warning',
  );
  // Known task, or an explicit objective: no warning; regression data default to val/r2.
  const regression = check('{ "parameters": { "train.optimizer.lr": { "values": [0.1, 0.01] } } }', CSV.replace(' }', ', "task": "regression" }'), MSE);
  assert.deepEqual(regression.problems, []);
  assert.deepEqual(regression.config?.sweep?.objective, { metric: 'val/r2', mode: 'max' });
  const explicit = check('{ "objective": { "metric": "val/loss" }, "parameters": { "train.optimizer.lr": { "values": [0.1, 0.01] } } }', CSV, MSE);
  assert.deepEqual(explicit.problems, []);
  // Built-in datasets have a known task: no warning.
  assert.deepEqual(check('{ "parameters": { "train.optimizer.lr": { "values": [0.1, 0.01] } } }').problems, []);
});
