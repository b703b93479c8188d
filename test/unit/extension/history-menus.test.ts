import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runContextValue, type RunEntry } from '../../../src/extension/history/list-runs';

interface MenuItem { command: string; when: string }
const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
const items: MenuItem[] = pkg.contributes.menus['view/item/context'];

/** The `viewItem` test of a history menu entry's `when` clause: `viewItem == x` or `viewItem =~ /re/`. */
function matches(when: string, contextValue: string): boolean {
  assert.match(when, /^view == lossLab\.history && viewItem (==|=~) /, when);
  const eq = /viewItem == (\S+)$/.exec(when);
  if (eq) return eq[1] === contextValue;
  const re = /viewItem =~ \/(.+)\/$/.exec(when);
  assert.ok(re, when);
  return new RegExp(re[1]).test(contextValue);
}

/** The commands the Runs view's context menu offers for a run. */
function menu(entry: Partial<RunEntry>): string[] {
  const value = runContextValue({ runDir: '/r', name: 'x', status: 'completed', arms: [], ...entry });
  return items.filter((i) => matches(i.when, value)).map((i) => i.command.replace('lossLab.', ''));
}

test('Resume appears only on stopped, failed and interrupted runs that record their config', () => {
  for (const status of ['stopped', 'failed', 'interrupted'] as const) assert.ok(menu({ status, configPath: '/c' }).includes('resume'), status);
  for (const status of ['completed', 'diverged', 'running', 'unknown'] as const) assert.ok(!menu({ status, configPath: '/c' }).includes('resume'), status);
  assert.ok(!menu({ status: 'stopped' }).includes('resume'), 'no config path');
});

test('Add Evolved Loss appears only on evolution runs; a live run offers Stop, not Delete', () => {
  assert.ok(menu({ kind: 'evolution' }).includes('adoptEvolved'));
  assert.ok(!menu({ kind: 'experiment' }).includes('adoptEvolved'));
  assert.ok(!menu({}).includes('adoptEvolved'));
  assert.deepEqual(menu({ status: 'running', kind: 'evolution' }).sort(), ['exportCsv', 'history.open', 'history.reveal', 'stop']);
  assert.deepEqual(menu({ status: 'stopped', configPath: '/c', kind: 'evolution' }).sort(), ['adoptEvolved', 'exportCsv', 'history.delete', 'history.open', 'history.reveal', 'resume']);
});

test('Attach to Slurm Run appears only on interrupted runs whose jobs went to Slurm', () => {
  assert.ok(menu({ status: 'interrupted', configPath: '/c', slurm: true }).includes('attach'));
  assert.ok(!menu({ status: 'interrupted', configPath: '/c' }).includes('attach'), 'a local run');
  for (const status of ['running', 'stopped', 'completed'] as const) assert.ok(!menu({ status, configPath: '/c', slurm: true }).includes('attach'), status);
});

test('Analyse Run… appears only on ended experiment runs that saved final weights', () => {
  assert.ok(menu({ finalWeights: true }).includes('analyse'));
  assert.ok(menu({ finalWeights: true, kind: 'experiment', status: 'stopped' }).includes('analyse'));
  assert.ok(!menu({}).includes('analyse'), 'no weights');
  assert.ok(!menu({ finalWeights: true, status: 'running' }).includes('analyse'), 'live');
  for (const kind of ['sweep', 'evolution'] as const) assert.ok(!menu({ finalWeights: true, kind }).includes('analyse'), kind);
});
