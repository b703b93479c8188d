/** Analyse Run…'s choices: the CLI's defaults, one Hessian per arm, seeds with weights, and the checked answers argument. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCommand } from '../../../src/cli/usage';
import { answersArg } from '../../../src/extension/analysis/answers-arg';
import { noWeightsProblem, plannedAnalyses, seedsWithWeights } from '../../../src/extension/analysis/analysis-plan';
import type { ArmResult, RunSummary } from '../../../src/shared/metrics';
import { resolveConfig, tinyConfigObject } from '../../helpers/config';

test('landscapes use the settings `loss-lab landscape` uses without options', () => {
  const cli = parseCommand(['landscape', 'r']);
  assert.equal(cli.name, 'landscape');
  const [two] = plannedAnalyses({ what: 'landscape', seed: 0, arms: ['ce', 'mse'], split: 'val' });
  assert.deepEqual(two.choice, { kind: 'landscape', arms: ['ce', 'mse'], split: cli.split, grid: cli.grid, range: cli.range, dims: 2, directions: cli.directions });
  assert.equal(two.label, 'landscape of ce, mse (2-D, 41×41, val)');
  const [one, ...rest] = plannedAnalyses({ what: 'landscape-1d', seed: 0, arms: ['ce'], split: 'test' });
  assert.equal(rest.length, 0);
  assert.deepEqual(one.choice, { kind: 'landscape', arms: ['ce'], split: 'test', grid: cli.grid, range: cli.range, dims: 1, directions: cli.directions });
});

test('the Hessian: one analysis per picked arm, in order, with the CLI\'s top K and the density', () => {
  const cli = parseCommand(['hessian', 'r', '--arm', 'x']);
  assert.equal(cli.name, 'hessian');
  const plan = plannedAnalyses({ what: 'hessian', seed: 0, arms: ['mse', 'ce'], split: cli.split });
  assert.deepEqual(plan.map((p) => p.choice), [
    { kind: 'hessian', arm: 'mse', split: 'train', top: cli.top, density: true },
    { kind: 'hessian', arm: 'ce', split: 'train', top: cli.top, density: true },
  ]);
  assert.deepEqual(plan.map((p) => p.label), ['Hessian spectrum of mse (train)', 'Hessian spectrum of ce (train)']);
});

const config = resolveConfig(tinyConfigObject());
const job = (arm: string, seed: number, final: boolean, status: ArmResult['status'] = 'completed'): ArmResult => ({
  arm, seed, status, steps: 1, epochs: 1, wallTimeSec: 1, stepsPerSec: 1, mainMetric: 'val/accuracy', best: {}, final: {},
  weights: final ? { final: 'f', checkpoints: [], bytes: 1 } : undefined,
});
const summary = (arms: ArmResult[]): RunSummary => ({ name: 't', startedAt: '2026-01-01T00:00:00.000Z', status: 'completed', backend: 'cpu', seed: 3, repeats: 1, versions: {}, arms });

test('seeds with saved weights, the config\'s first; why a run has nothing to analyse', () => {
  assert.equal(config.seed, 3);
  assert.deepEqual(seedsWithWeights(config, summary([job('ce', 5, true), job('ce', 3, true), job('mse', 1, true), job('mse', 7, false)])), [3, 1, 5]);
  assert.deepEqual(seedsWithWeights(config, summary([job('ce', 5, true)])), [5]);
  assert.equal(noWeightsProblem(config, summary([job('ce', 3, false), job('mse', 3, true)])), undefined);
  assert.equal(noWeightsProblem(config, summary([job('ce', 3, false, 'diverged'), job('mse', 3, false, 'diverged')])), 'no arm has saved final weights (every arm diverged)');
  assert.match(noWeightsProblem(config, summary([job('ce', 3, false)])) ?? '', /no arm has saved final weights \(the run was made before Loss Lab saved weights, or with checkpoints\.final false\)/);
});

test('the answers argument: every field optional, each checked with a one-line error', () => {
  assert.deepEqual(answersArg(undefined), {});
  assert.deepEqual(answersArg({ what: 'hessian', seed: 4, arms: ['ce'], split: 'test' }), { what: 'hessian', seed: 4, arms: ['ce'], split: 'test' });
  for (const [bad, message] of [
    ['hessian', /must be an object/],
    [{ what: 'pca' }, /'what' must be one of landscape, landscape-1d, hessian/],
    [{ seed: -1 }, /'seed' must be a non-negative integer/],
    [{ seed: 1.5 }, /'seed'/],
    [{ arms: [] }, /'arms' must be a non-empty list/],
    [{ arms: ['ce', 3] }, /'arms'/],
    [{ split: 'dev' }, /'split' must be one of train, val, test/],
  ] as const) {
    assert.throws(() => answersArg(bad), (e: Error) => message.test(e.message) && !e.message.includes('\n'), JSON.stringify(bad));
  }
});
