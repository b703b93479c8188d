/** `loss-lab run` verdict lines and `loss-lab compare`, on tiny runs of 3 seeds. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST, tinyConfigObject } from '../../helpers/config';

const cli = join(DIST, 'cli.js');

function run(args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 120_000 });
}

function trained(overrides: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'losslab-compare-'));
  const config = join(dir, 'exp.losslab.json');
  writeFileSync(config, JSON.stringify(tinyConfigObject({ repeats: 3, train: { epochs: 2, batchSize: 32, optimizer: { type: 'adam', lr: 0.01 } }, ...overrides })));
  const out = join(dir, 'run');
  const r = run(['run', config, '--out', out, '--quiet']);
  assert.equal(r.status, 0, r.stderr);
  return out;
}

const losses = [{ name: 'ce', type: 'ce' }, { name: 'mse', type: 'mse' }, { name: 'focal', type: 'focal' }];

test('run with repeats 3 prints verdicts after the table and writes comparisons to summary.json', () => {
  const dir = mkdtempSync(join(tmpdir(), 'losslab-compare-'));
  const config = join(dir, 'exp.losslab.json');
  writeFileSync(config, JSON.stringify(tinyConfigObject({ repeats: 3, losses, compare: { metrics: ['val/ce'] } })));
  const r = run(['run', config, '--out', join(dir, 'run'), '--quiet']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^verdicts \(paired by seed; paired-t, Holm-corrected per metric\):$/m);
  assert.match(r.stdout, /^ {2}mse (beats|is worse than|vs) ce on best val ce\b/m);
  const summary = JSON.parse(readFileSync(join(dir, 'run', 'summary.json'), 'utf8'));
  const c = summary.comparisons.find((e: { arm: string; metric: string }) => e.arm === 'focal' && e.metric === 'val/ce');
  for (const key of ['metric', 'split', 'which', 'arm', 'baseline', 'n', 'meanDiff', 'ci', 'confidence', 'ciMethod', 'pImprovement', 'pImprovementCi', 'wins', 'ties', 'losses', 'diffs', 'pValue', 'pHolm', 'paired', 'verdict']) {
    assert.ok(key in c, `${key} in ${JSON.stringify(c)}`);
  }
  assert.deepEqual([c.split, c.which, c.baseline, c.n, c.paired], ['val', 'best', 'ce', 3, true]);
  assert.deepEqual(summary.comparisons.map((e: { metric: string }) => e.metric), ['val/accuracy', 'val/accuracy', 'test/accuracy', 'test/accuracy', 'val/ce', 'val/ce']);
});

test('compare recomputes from a run folder: --baseline, --metric on --split, --json; bad baseline exits 2', () => {
  const out = trained({ losses });
  const text = run(['compare', out]);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /^tiny, baseline ce$/m);
  assert.equal(text.stdout.trim().split('\n').filter((l) => l.startsWith('  ')).length, 4, text.stdout);
  const json = run(['compare', out, '--baseline', 'focal', '--metric', 'ce', '--split', 'test', '--json']);
  assert.equal(json.status, 0, json.stderr);
  const entries = JSON.parse(json.stdout);
  assert.deepEqual(entries.map((e: { arm: string; metric: string; which: string; baseline: string }) => `${e.arm} ${e.metric} ${e.which} ${e.baseline}`), ['ce test/ce final focal', 'mse test/ce final focal']);
  const bad = run(['compare', out, '--baseline', 'nope']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /unknown baseline 'nope'; arms in .*: ce, mse, focal/);
  assert.equal(run(['compare', out, '--split', 'train']).status, 2);
});

test('compare across two run folders: paired when data and model match, unpaired (said plainly) otherwise', () => {
  const a = trained({});
  const same = trained({ losses: [{ name: 'focal', type: 'focal' }] });
  const paired = run(['compare', a, same, '--json']);
  assert.equal(paired.status, 0, paired.stderr);
  const p = JSON.parse(paired.stdout)[0];
  assert.deepEqual([p.arm, p.baseline, p.paired, p.ciMethod], ['focal@B', 'ce@A', true, 'paired-t']);
  const other = trained({ losses: [{ name: 'focal', type: 'focal' }], data: { dataset: 'moons', points: 200, noise: 0.1 } });
  const u = run(['compare', a, other]);
  assert.equal(u.status, 0, u.stderr);
  assert.match(u.stdout, /focal@B .*unpaired: the two sides did not train on the same seeds and data/);
});

test('compare: a one-seed run needs more seeds (exit 1); a folder that is not a run exits 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'losslab-compare-'));
  const config = join(dir, 'exp.losslab.json');
  writeFileSync(config, JSON.stringify(tinyConfigObject({ train: { epochs: 1, batchSize: 32, optimizer: { type: 'adam', lr: 0.01 } } })));
  assert.equal(run(['run', config, '--out', join(dir, 'run'), '--quiet']).status, 0);
  const one = run(['compare', join(dir, 'run')]);
  assert.equal(one.status, 1);
  assert.match(one.stderr, /a verdict needs at least 2/);
  assert.equal(run(['compare', dir]).status, 2);
});
