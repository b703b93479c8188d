import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkHostMessage } from '../../../webview/model/validate';
import { rec, view } from './helpers';

const summary = {
  name: 'a', startedAt: 't', status: 'running', backend: 'cpu', seed: 0, repeats: 1, versions: { node: '20' },
  arms: [{ arm: 'ce', seed: 0, status: 'diverged', reason: 'NaN', steps: 3, epochs: 1, wallTimeSec: 1, stepsPerSec: null, mainMetric: 'val/accuracy', best: {}, final: { loss: null } }],
};

test('a well-formed init passes and comes back as a clean copy', () => {
  const msg = { type: 'init', run: view([rec('ce', 0, 1, 'train', { loss: 1 })], { summary: summary as never }), overlays: [], options: { compact: true } };
  const r = checkHostMessage(JSON.parse(JSON.stringify(msg)));
  assert.ok(r.ok);
  if (!r.ok || r.message.type !== 'init') return;
  assert.equal(r.message.run.records[0].values.loss, 1);
  assert.equal(r.message.options.compact, true);
  assert.ok(Number.isNaN(r.message.run.summary?.arms[0].stepsPerSec));
  assert.deepEqual(r.message.run.summary?.arms[0].final, {});
});

test('metric values that JSON turned into null are dropped, the record kept', () => {
  const r = checkHostMessage({ type: 'metrics', key: 'k', records: [{ ...rec('ce', 0, 1, 'train', {}), values: { loss: null, gradNorm: 2, bad: 'x' } }] });
  assert.ok(r.ok && r.message.type === 'metrics');
  if (r.ok && r.message.type === 'metrics') assert.deepEqual(r.message.records[0].values, { gradNorm: 2 });
});

test('malformed messages are refused whole', () => {
  const bad: unknown[] = [
    null,
    'init',
    [],
    { type: 'nope' },
    { type: 'metrics', key: 1, records: [] },
    { type: 'metrics', key: 'k', records: [{ ...rec('ce', 0, 1, 'train', {}), step: '1' }] },
    { type: 'metrics', key: 'k', records: [{ ...rec('ce', 0, 1, 'train', {}), kind: 'weird' }] },
    { type: 'metrics', key: 'k', records: [{ ...rec('ce', 0, 1, 'train', {}), series: { w: 'x' } }] },
    { type: 'metrics', key: 'k', records: {} },
    { type: 'summary', key: 'k', summary: { ...summary, arms: [{ ...summary.arms[0], status: 'exploded' }] }, live: true },
    { type: 'summary', key: 'k', summary, live: 'yes' },
    { type: 'init', run: view([]), overlays: [], options: {} },
    { type: 'init', run: { ...view([]), arms: [1] }, overlays: [], options: { compact: false } },
    { type: 'overlay', run: { ...view([]), live: undefined } },
    { type: 'removeOverlay' },
    { type: 'records', key: 'k' },
    { type: 'records', key: 'k', records: [{ ...rec('ce', 0, 1, 'train', {}), step: '1' }] },
    { type: 'init', run: { ...view([]), thinned: 'yes' }, overlays: [], options: { compact: false } },
  ];
  for (const m of bad) assert.equal(checkHostMessage(m).ok, false, JSON.stringify(m));
});

test('summary, overlay and removeOverlay messages pass', () => {
  assert.ok(checkHostMessage({ type: 'summary', key: 'k', summary, live: false }).ok);
  assert.ok(checkHostMessage({ type: 'overlay', run: view([]) }).ok);
  assert.ok(checkHostMessage({ type: 'removeOverlay', key: 'k' }).ok);
});

test("a summary keeps why the run ended and whether it was rebuilt; a mistyped reason refuses the message", () => {
  const stopped = { ...summary, status: 'stopped', reason: 'stopped by window reload or close', reconstructed: 'rebuilt from metrics.jsonl' };
  const r = checkHostMessage({ type: 'summary', key: 'k', summary: stopped, live: false });
  assert.ok(r.ok);
  if (!r.ok || r.message.type !== 'summary') return;
  assert.equal(r.message.summary.reason, 'stopped by window reload or close');
  assert.equal(r.message.summary.reconstructed, 'rebuilt from metrics.jsonl');
  assert.equal(checkHostMessage({ type: 'summary', key: 'k', summary: { ...summary, reason: 3 }, live: false }).ok, false);
  assert.equal(checkHostMessage({ type: 'summary', key: 'k', summary: { ...summary, status: 'diverged' }, live: false }).ok, true);
});

test('a thinned init and the records that complete it pass', () => {
  const init = checkHostMessage({ type: 'init', run: { ...view([rec('ce', 0, 1, 'train', { loss: 1 })]), thinned: true }, overlays: [], options: { compact: false } });
  assert.ok(init.ok && init.message.type === 'init' && init.message.run.thinned === true);
  const plain = checkHostMessage({ type: 'init', run: view([]), overlays: [], options: { compact: false } });
  assert.ok(plain.ok && plain.message.type === 'init' && plain.message.run.thinned === undefined);
  const records = checkHostMessage({ type: 'records', key: 'k', records: [rec('ce', 0, 1, 'train', { loss: 1 }), rec('ce', 0, 2, 'train', { loss: 0.5 })] });
  assert.ok(records.ok && records.message.type === 'records' && records.message.records.length === 2);
});
