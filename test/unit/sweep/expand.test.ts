import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateConfigText } from '../../../src/shared/config';
import { expandSweep } from '../../../src/shared/sweep/expand';
import { resolveConfig, tinyConfigObject } from '../../helpers/config';

const bloopArms = [
  { name: 'sum', type: 'bloop', aux: 'l2', mode: 'sum', lambda: 1 },
  { name: 'bloop', type: 'bloop', aux: 'l2', mode: 'bloop', lambda: 1 },
  { name: 'ce', type: 'ce' },
];

function sweepConfig(sweep: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return resolveConfig(tinyConfigObject({ losses: bloopArms, sweep, ...extra }));
}

test('logGrid: geometric values with exact endpoints, crossed with the swept arms; other arms run once', () => {
  const trials = expandSweep(sweepConfig({ parameters: { lambda: { logGrid: { from: 0.001, to: 10, count: 5 } } } }));
  assert.deepEqual(trials.map((t) => t.name), [
    'sum lambda=0.001', 'sum lambda=0.01', 'sum lambda=0.1', 'sum lambda=1', 'sum lambda=10',
    'bloop lambda=0.001', 'bloop lambda=0.01', 'bloop lambda=0.1', 'bloop lambda=1', 'bloop lambda=10',
    'ce',
  ]);
  assert.deepEqual(trials.slice(0, 5).map((t) => t.config.losses[0].lambda), [0.001, 0.01, 0.1, 1, 10]);
  assert.deepEqual(trials[10].params, {});
  for (const t of trials) {
    assert.equal(t.config.losses.length, 1);
    assert.equal(t.config.losses[0].name, t.name);
    assert.equal(t.config.sweep, undefined);
  }
  assert.equal(trials[1].id, 'sum|lambda=0.01');
});

test('grid (linear) crossed with a config field; short labels unless two keys share a last segment', () => {
  const trials = expandSweep(
    sweepConfig({
      arms: ['bloop'],
      parameters: { lambda: { grid: { from: 0, to: 1, count: 3 } }, 'train.optimizer.lr': { values: [0.01, 0.1] } },
    }),
  );
  const swept = trials.filter((t) => t.baseArm === 'bloop');
  assert.equal(swept.length, 6);
  assert.deepEqual(swept.map((t) => [t.config.losses[0].lambda, t.config.train.optimizer.lr]), [
    [0, 0.01], [0, 0.1], [0.5, 0.01], [0.5, 0.1], [1, 0.01], [1, 0.1],
  ]);
  assert.equal(swept[3].name, 'bloop lambda=0.5 lr=0.1');
  assert.deepEqual(trials.filter((t) => t.baseArm !== 'bloop').map((t) => t.name), ['sum', 'ce']);
});

test('random draws: within bounds, log-uniform when asked, reproducible per seed, different across seeds', () => {
  const sweep = { arms: ['sum'], samples: 6, parameters: { lambda: { random: { from: 0.001, to: 10, log: true } } } };
  const a = expandSweep(sweepConfig(sweep)).filter((t) => t.baseArm === 'sum');
  const b = expandSweep(sweepConfig(sweep)).filter((t) => t.baseArm === 'sum');
  const c = expandSweep(sweepConfig(sweep, { seed: 4 })).filter((t) => t.baseArm === 'sum');
  assert.equal(a.length, 6);
  const values = a.map((t) => t.params.lambda);
  assert.ok(values.every((v) => v >= 0.001 && v <= 10));
  assert.deepEqual(values, b.map((t) => t.params.lambda));
  assert.notDeepEqual(values, c.map((t) => t.params.lambda));
  // Log-uniform over 4 decades: not all draws in the top decade (uniform would put ~90% there).
  assert.ok(values.filter((v) => v < 1).length >= 2, `draws ${values}`);
});

test('the expanded trial configs are valid configs', () => {
  for (const t of expandSweep(sweepConfig({ parameters: { lambda: { logGrid: { from: 0.01, to: 1, count: 3 } } } }))) {
    const { config, problems } = validateConfigText(JSON.stringify(t.config), '/tmp/trial.losslab.json');
    assert.ok(config, problems.map((p) => p.message).join('; '));
  }
});

function problems(sweep: unknown, extra: Record<string, unknown> = {}) {
  const text = JSON.stringify(tinyConfigObject({ losses: bloopArms, sweep, ...extra }), null, 2);
  return validateConfigText(text, '/tmp/x.losslab.json').problems.map((p) => `${p.line}:${p.path} ${p.severity}: ${p.message}`);
}

test('sweep checks name the offending field: unknown arm, a field no arm has, an invalid value, random without samples', () => {
  assert.match(problems({ arms: ['nope'], parameters: { lambda: { values: [1] } } }).join('\n'), /sweep\.arms\[0\] error: unknown arm 'nope'; arms in this config: sum, bloop, ce/);
  assert.match(problems({ parameters: { gamma: { values: [1] } } }).join('\n'), /sweep\.parameters\.gamma error: no swept arm has a numeric field 'gamma'/);
  assert.match(problems({ parameters: { lambda: { values: [1, -1] } } }).join('\n'), /sweep\.parameters\.lambda error: lambda = -1 \(sweep value\) is not valid in arm 'sum'/);
  assert.match(problems({ parameters: { lambda: { random: { from: 0, to: 1 } } } }).join('\n'), /error: 'lambda' is random: set sweep\.samples/);
  assert.match(problems({ parameters: { 'train.optimizer.nope': { values: [1] } } }).join('\n'), /error: 'train\.optimizer\.nope' is not a number in this config/);
  assert.match(problems({ parameters: { lambda: { logGrid: { from: 0, to: 1, count: 3 } } } }).join('\n'), /logGrid needs from and to > 0/);
  assert.match(problems({ parameters: { lambda: { values: [1] } }, objective: { metric: 'val/r2' } }).join('\n'), /'val\/r2' is a regression metric/);
});

test('evolve checks: the arm must be taylorglo, data must be classification, not together with a sweep', () => {
  const tg = { name: 'tg', type: 'taylorglo', params: [0, 0, 0, -1, 0, 2, 0, 0] };
  const text = (o: Record<string, unknown>) => validateConfigText(JSON.stringify(tinyConfigObject(o), null, 2), '/tmp/x.losslab.json');
  assert.match(text({ losses: [{ name: 'ce', type: 'ce' }], evolve: { arm: 'ce' } }).problems.map((p) => p.message).join('\n'), /arm 'ce' is 'ce'; evolution needs a taylorglo arm/);
  assert.match(text({ losses: [{ name: 'ce', type: 'ce' }], evolve: {} }).problems.map((p) => p.message).join('\n'), /evolution needs a taylorglo arm/);
  const ok = text({ losses: [{ name: 'ce', type: 'ce' }, tg], evolve: {} });
  assert.deepEqual(ok.config?.evolve, {
    arm: 'tg', generations: 10, population: 20, sigma: 1.2, mean: [0, 0, 0, 0, 0, 0, 0, 0], steps: 200,
    fitness: { metric: 'val/accuracy', mode: 'max' }, retrain: true,
  });
  assert.match(text({ losses: [tg], evolve: {}, sweep: { parameters: { 'train.optimizer.lr': { values: [0.1] } } } }).problems.map((p) => p.message).join('\n'), /cannot be combined/);
});
