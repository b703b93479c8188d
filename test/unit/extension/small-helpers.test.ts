import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exampleSummary, freeName } from '../../../src/extension/commands/example-names';
import { savePayloadBytes } from '../../../src/extension/panel/save-payload';
import { runDirOf } from '../../../src/extension/panel/panel-state';
import { applyMetricDefaults, writesPath } from '../../../src/extension/run/metric-defaults';
import type { ExperimentConfig } from '../../../src/shared/config/types';

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

test('save payloads: PNG data URL to bytes, CSV as UTF-8', () => {
  const png = savePayloadBytes('png', PNG);
  assert.deepEqual([...png.slice(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  assert.throws(() => savePayloadBytes('png', 'data:image/png;base64,aGVsbG8='), /not a PNG/);
  assert.deepEqual([...savePayloadBytes('csv', 'é,1')], [0xc3, 0xa9, 0x2c, 0x31]);
});

test('restored panel state names the run folder', () => {
  assert.equal(runDirOf({ runDir: '/r' }), '/r');
  assert.equal(runDirOf({ run: { runDir: '/r2' } }), '/r2');
  assert.equal(runDirOf({ runDir: '' }), undefined);
  assert.equal(runDirOf(null), undefined);
  assert.equal(runDirOf('x'), undefined);
});

test('example names', () => {
  assert.equal(exampleSummary('// Quickstart: four losses\n{}'), 'Quickstart: four losses');
  assert.equal(exampleSummary('# yaml example\nname: x'), 'yaml example');
  assert.equal(exampleSummary('{}'), '');
  const taken = new Set(['q.losslab.json', 'q-2.losslab.json']);
  assert.equal(freeName('q.losslab.json', (n) => taken.has(n)), 'q-3.losslab.json');
  assert.equal(freeName('new.losslab.yaml', (n) => taken.has(n)), 'new.losslab.yaml');
});

test('metric interval settings apply only where the file is silent', () => {
  const config = { metrics: { trainEvery: 5, gradNorm: 'global' }, train: { evalEvery: 50 } } as unknown as ExperimentConfig;
  const silent = '{ "name": "x" }';
  const explicit = '{ "metrics": { "trainEvery": 5 }, "train": { "evalEvery": 50 } }';
  assert.equal(writesPath(explicit, 'json', ['metrics', 'trainEvery']), true);
  assert.equal(writesPath(silent, 'json', ['metrics', 'trainEvery']), false);
  assert.equal(writesPath('metrics:\n  trainEvery: 3\n', 'yaml', ['metrics', 'trainEvery']), true);
  assert.equal(writesPath('metrics: {}\n', 'yaml', ['metrics', 'trainEvery']), false);
  const a = applyMetricDefaults(config, silent, 'json', { trainEvery: 2, evalEvery: 20 });
  assert.equal(a.metrics.trainEvery, 2);
  assert.equal(a.train.evalEvery, 20);
  assert.equal(a.metrics.gradNorm, 'global');
  const b = applyMetricDefaults(config, explicit, 'json', { trainEvery: 2, evalEvery: 20 });
  assert.equal(b.metrics.trainEvery, 5);
  assert.equal(b.train.evalEvery, 50);
  assert.equal(applyMetricDefaults(config, silent, 'json', {}), config);
});
